/**
 * Every call tracewire makes into span processors, guarded (SPEC-NOTES 0.3): a processor that
 * throws or rejects is reported and never reaches the app; flush and shutdown resolve, never
 * reject, and resolve even when a processor ignores its timeout.
 */
import { describeError, reportError } from '../diag';
import type { ExportStats, FlushResult, ReadableSpan, SpanProcessor, TraceContext } from '../types';

const FLUSHED: FlushResult = Object.freeze({ ok: true, timedOut: false });
const TIMED_OUT: FlushResult = Object.freeze({ ok: false, timedOut: true });

/** Synchronous `onStart`/`onEnd` on each processor in order; one failing does not skip the rest. */
export function notifyProcessors(
  processors: readonly SpanProcessor[],
  hook: 'onStart' | 'onEnd',
  span: ReadableSpan,
  parentContext: TraceContext | undefined,
): void {
  for (let i = 0; i < processors.length; i++) {
    try {
      processors[i]![hook](span, parentContext);
    } catch (error) {
      reportError(error, `SpanProcessor.${hook}`);
    }
  }
}

/** `forceFlush` or `shutdown` on every processor at once; ok only if every one was ok. */
export function flushProcessors(
  processors: readonly SpanProcessor[],
  method: 'forceFlush' | 'shutdown',
  timeoutMillis: number | undefined,
): Promise<FlushResult> {
  const calls = processors.map((processor) => callProcessor(processor, method, timeoutMillis));
  return withDeadline(Promise.all(calls).then(combineResults), timeoutMillis);
}

/** Sums `stats()` of the processors that offer one (duck-typed: the batch processor does). */
export function sumStats(processors: readonly SpanProcessor[]): ExportStats {
  const total: ExportStats = { exported: 0, dropped: 0, failed: 0 };
  for (const processor of processors) {
    if (typeof processor.stats !== 'function') continue;
    try {
      const part: Partial<ExportStats> | undefined = processor.stats();
      total.exported += countOf(part?.exported);
      total.dropped += countOf(part?.dropped);
      total.failed += countOf(part?.failed);
    } catch (error) {
      reportError(error, 'SpanProcessor.stats');
    }
  }
  return total;
}

function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function callProcessor(
  processor: SpanProcessor,
  method: 'forceFlush' | 'shutdown',
  timeoutMillis: number | undefined,
): Promise<FlushResult> {
  const failed = (error: unknown): FlushResult => {
    reportError(error, `SpanProcessor.${method}`);
    return { ok: false, timedOut: false, error: error instanceof Error ? error : new Error(describeError(error)) };
  };
  try {
    // a processor resolving with nothing (Promise<void>) is taken as success
    return Promise.resolve(processor[method](timeoutMillis)).then(
      (result) => (result !== null && typeof result === 'object' && typeof result.ok === 'boolean' ? result : FLUSHED),
      failed,
    );
  } catch (error) {
    return Promise.resolve(failed(error));
  }
}

function combineResults(results: FlushResult[]): FlushResult {
  if (results.every((result) => result.ok)) return FLUSHED;
  const error = results.find((result) => result.error !== undefined)?.error;
  const timedOut = results.some((result) => result.timedOut);
  return error === undefined ? { ok: false, timedOut } : { ok: false, timedOut, error };
}

/** A backstop for processors that ignore their timeout; the timer never keeps the process alive. */
function withDeadline(result: Promise<FlushResult>, timeoutMillis: number | undefined): Promise<FlushResult> {
  if (typeof timeoutMillis !== 'number' || !(timeoutMillis > 0) || !Number.isFinite(timeoutMillis)) return result;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<FlushResult>((resolve) => {
    timer = setTimeout(resolve, timeoutMillis, TIMED_OUT);
    timer.unref();
  });
  return Promise.race([result, deadline]).finally(() => clearTimeout(timer));
}
