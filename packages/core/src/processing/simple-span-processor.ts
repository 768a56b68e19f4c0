/**
 * Exports each ended, sampled span at once (SPEC-NOTES 6.4), one export at a time: calls are
 * chained on a promise so `export()` is never called concurrently. Meant for tests and debugging;
 * production code wants the BatchSpanProcessor.
 */
import type { ExportStats, FlushResult, ReadableSpan, SpanExporter, SpanProcessor } from '../types';
import { ExportTally, FLUSH_OK, callExporter, callExporterHook, isSampled, settleWithin } from './export-call';

/** Bounds one export in the simple processor, as the batch processor's default (SPEC-NOTES 6.1). */
const SIMPLE_EXPORT_TIMEOUT_MS = 30_000;

export class SimpleSpanProcessor implements SpanProcessor {
  private readonly exporter: SpanExporter;
  private readonly tally = new ExportTally('SimpleSpanProcessor export');
  /** The last export in the chain; each new export starts after it settles. */
  private tail: Promise<void> = Promise.resolve();
  /** Errors seen while a forceFlush waits, one slot per pending flush. */
  private readonly flushWatchers = new Set<{ error?: Error }>();
  private shutdownResult: Promise<FlushResult> | undefined;

  constructor(exporter: SpanExporter) {
    this.exporter = exporter;
  }

  onStart(): void {
    // nothing to do when a span starts
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownResult !== undefined || !isSampled(span)) return;
    this.tail = this.tail.then(() => this.exportOne(span));
  }

  private async exportOne(span: ReadableSpan): Promise<void> {
    const result = await callExporter(this.exporter, [span], SIMPLE_EXPORT_TIMEOUT_MS);
    const error = this.tally.record(1, result);
    if (error !== undefined) for (const watcher of this.flushWatchers) watcher.error = error;
  }

  /** Waits for every export queued before the call, then the exporter's own forceFlush. */
  forceFlush(timeoutMillis?: number): Promise<FlushResult> {
    if (this.shutdownResult !== undefined) return this.shutdownResult;
    return settleWithin(this.flush(), timeoutMillis);
  }

  private async flush(): Promise<FlushResult> {
    const watcher: { error?: Error } = {};
    this.flushWatchers.add(watcher);
    await this.tail;
    this.flushWatchers.delete(watcher);
    const hookError = await callExporterHook(this.exporter, 'forceFlush');
    const error = watcher.error ?? hookError;
    return error === undefined ? FLUSH_OK : { ok: false, timedOut: false, error };
  }

  /** Flush, then shut the exporter down; a second call returns the first call's promise. */
  shutdown(timeoutMillis?: number): Promise<FlushResult> {
    if (this.shutdownResult === undefined) {
      const work = this.flush().then(async (flushed) => {
        const error = await callExporterHook(this.exporter, 'shutdown');
        return error === undefined || !flushed.ok ? flushed : { ok: false, timedOut: false, error };
      });
      this.shutdownResult = settleWithin(work, timeoutMillis);
    }
    return this.shutdownResult;
  }

  stats(): ExportStats {
    return this.tally.stats();
  }
}
