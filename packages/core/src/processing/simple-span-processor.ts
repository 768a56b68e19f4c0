/**
 * Exports each ended, sampled span at once (SPEC-NOTES 6.4), one export at a time: calls are
 * chained on a promise so `export()` is never called concurrently. Meant for tests and debugging;
 * production code wants the BatchSpanProcessor. Also home of the guarded exporter call and the
 * flush-deadline helper both processors share.
 */
import { run, suppressTracing } from '../context/store';
import { reportError } from '../diag';
import {
  ExportResultCode,
  TraceFlags,
  type ExportResult,
  type ExportStats,
  type FlushResult,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
  type TraceContext,
} from '../types';

/**
 * The context exporter calls run in: tracing suppressed and nothing else, so exporter traffic is
 * neither traced nor given trace headers and no request's span leaks into it (SPEC-NOTES 6.2).
 * Built from `{}` on purpose: `suppressTracing(undefined)` would default to the active context.
 */
export const EXPORT_CONTEXT: TraceContext = Object.freeze(suppressTracing({}));

/** Bounds one export in the simple processor, as the batch processor's default (SPEC-NOTES 6.1). */
const SIMPLE_EXPORT_TIMEOUT_MS = 30_000;

export const FLUSH_OK: FlushResult = Object.freeze({ ok: true, timedOut: false });

/** Failure as an ExportResult; the error names what went wrong for `reportError`. */
export function failed(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}

/**
 * Calls `exporter.export(spans)` with tracing suppressed and resolves (never rejects) to its
 * result, to FAILED when it throws, rejects or returns no result, or to FAILED once
 * `timeoutMillis` (> 0) has passed — a late result is then ignored (SPEC-NOTES 6.2).
 */
export function callExporter(
  exporter: SpanExporter,
  spans: readonly ReadableSpan[],
  timeoutMillis: number,
): Promise<ExportResult> {
  return new Promise<ExportResult>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(result);
    };
    if (timeoutMillis > 0) {
      // Outside any request context, and unref'd: a hung exporter must not keep the process up.
      timer = run(undefined, () =>
        setTimeout(() => finish(failed(new Error(`export timed out after ${timeoutMillis} ms`))), timeoutMillis),
      );
      timer.unref();
    }
    try {
      Promise.resolve(run(EXPORT_CONTEXT, () => exporter.export(spans))).then(
        (result) => finish(isExportResult(result) ? result : failed(new Error('exporter returned no ExportResult'))),
        (error: unknown) => finish(failed(error)),
      );
    } catch (error) {
      finish(failed(error));
    }
  });
}

function isExportResult(value: unknown): value is ExportResult {
  return typeof value === 'object' && value !== null && typeof (value as ExportResult).code === 'number';
}

/** Calls an optional exporter hook (`forceFlush`, `shutdown`) with tracing suppressed; never rejects. */
export async function callExporterHook(exporter: SpanExporter, hook: 'forceFlush' | 'shutdown'): Promise<Error | undefined> {
  try {
    await run(EXPORT_CONTEXT, () => exporter[hook]?.());
    return undefined;
  } catch (error) {
    reportError(error, `exporter.${hook}`);
    return failed(error).error;
  }
}

/**
 * Resolves to `work`'s result, or to `timedOut: true` once `timeoutMillis` (> 0) passes — the
 * timeout wins over finishing (SPEC-NOTES 6.3); unfinished work continues in the background.
 */
export function settleWithin(work: Promise<FlushResult>, timeoutMillis: number | undefined): Promise<FlushResult> {
  const safeWork = work.catch((error: unknown): FlushResult => ({ ok: false, timedOut: false, error: failed(error).error }));
  if (timeoutMillis === undefined || !(timeoutMillis > 0) || !Number.isFinite(timeoutMillis)) return safeWork;
  return new Promise<FlushResult>((resolve) => {
    const timer = run(undefined, () =>
      setTimeout(
        () => resolve({ ok: false, timedOut: true, error: new Error(`timed out after ${timeoutMillis} ms`) }),
        timeoutMillis,
      ),
    );
    void safeWork.then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

/** Counts a finished export in `stats`; failures are reported, never thrown. Returns the error. */
export function recordExport(stats: ExportStats, count: number, result: ExportResult, where: string): Error | undefined {
  if (result.code === ExportResultCode.SUCCESS) {
    stats.exported += count;
    return undefined;
  }
  stats.failed += count;
  const error = result.error ?? new Error('exporter reported failure');
  reportError(error, where);
  return error;
}

export function isSampled(span: ReadableSpan): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
}

export class SimpleSpanProcessor implements SpanProcessor {
  private readonly exporter: SpanExporter;
  private readonly counters: ExportStats = { exported: 0, dropped: 0, failed: 0 };
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
    const error = recordExport(this.counters, 1, result, 'SimpleSpanProcessor export');
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
    return { ...this.counters };
  }
}
