/**
 * Calling an exporter safely, shared by both span processors: with tracing suppressed, bounded in
 * time, never rejecting, and counted (SPEC-NOTES 6.2–6.4).
 */
import { run, suppressTracing } from '../context/store';
import { reportError, warn } from '../diag';
import {
  ExportResultCode,
  TraceFlags,
  type ExportResult,
  type ExportStats,
  type FlushResult,
  type ReadableSpan,
  type SpanExporter,
  type TraceContext,
} from '../types';

/**
 * The context exporter calls run in: tracing suppressed and nothing else, so exporter traffic is
 * neither traced nor given trace headers and no request's span leaks into it (SPEC-NOTES 6.2).
 * Built from `{}` on purpose: `suppressTracing(undefined)` would default to the active context.
 */
export const EXPORT_CONTEXT: TraceContext = Object.freeze(suppressTracing({}));

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

/**
 * A processor's export counters and failure reports. A backend that is down fails every batch, so
 * only the first failed export of a failure episode is reported; later ones are only counted in
 * `failed`. The next successful export ends the episode, with one line saying how much was lost.
 */
export class ExportTally {
  private readonly counters: ExportStats = { exported: 0, dropped: 0, failed: 0 };
  /** Failed exports and their spans since the last success: 0 when no episode is under way. */
  private failedExports = 0;
  private failedSpans = 0;

  constructor(private readonly where: string) {}

  /** A span dropped because the queue was full. */
  drop(): void {
    this.counters.dropped++;
  }

  /** Counts a finished export of `count` spans; returns the error when it failed. Never throws. */
  record(count: number, result: ExportResult): Error | undefined {
    if (result.code === ExportResultCode.SUCCESS) {
      this.counters.exported += count;
      if (this.failedExports > 0) {
        warn(`${this.where}: exporting again after ${this.failedExports} failed export(s) (${this.failedSpans} span(s) lost)`);
        this.failedExports = 0;
        this.failedSpans = 0;
      }
      return undefined;
    }
    this.counters.failed += count;
    const error = result.error ?? new Error('exporter reported failure');
    if (this.failedExports === 0) reportError(error, this.where);
    this.failedExports++;
    this.failedSpans += count;
    return error;
  }

  stats(): ExportStats {
    return { ...this.counters };
  }
}

export function isSampled(span: ReadableSpan): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
}
