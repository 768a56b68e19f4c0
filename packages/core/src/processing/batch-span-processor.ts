/**
 * The bounded, background batch span processor (SPEC-NOTES 6). `onEnd` only pushes to an array;
 * one "pump" loop — the only caller of `exporter.export` — drains the queue in batches, so there is
 * never more than one export in flight, whether it was triggered by the batch size, the timer,
 * forceFlush or shutdown.
 */
import { run } from '../context/store';
import { resetWarning, warn, warnOnce } from '../diag';
import { invalidOption } from '../errors';
import type {
  BatchSpanProcessorOptions,
  ExportStats,
  FlushResult,
  ReadableSpan,
  SpanExporter,
  SpanProcessor,
} from '../types';
import { ExportTally, callExporter, callExporterHook, FLUSH_OK, isSampled, settleWithin } from './export-call';

/** setTimeout's largest delay: anything above it fires after 1 ms in Node. */
const MAX_TIMER_MS = 2_147_483_647;

/** A forceFlush waiting until the spans numbered up to `target` have been through an export. */
interface FlushWaiter {
  readonly target: number;
  readonly resolve: () => void;
  error?: Error;
}

let instances = 0;

export class BatchSpanProcessor implements SpanProcessor {
  private readonly exporter: SpanExporter;
  private readonly maxQueueSize: number;
  private readonly maxExportBatchSize: number;
  private readonly scheduledDelayMillis: number;
  private readonly exportTimeoutMillis: number;
  /** Key for the once-per-overflow-episode warning (SPEC-NOTES 6.2), one per processor. */
  private readonly overflowKey = `BatchSpanProcessor#${++instances}:queue-full`;
  /** Counters, and failures reported once per failure episode rather than once per batch. */
  private readonly tally = new ExportTally('BatchSpanProcessor export');

  private queue: ReadableSpan[] = [];
  /** Spans ever queued / ever through a finished export: flushes wait on these sequence numbers. */
  private enqueued = 0;
  private completed = 0;
  /** Spans numbered up to this must be exported without waiting for batch size or timer. */
  private flushTarget = 0;
  private waiters: FlushWaiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDue = false;
  /** A pump is scheduled or running; it is the only code that calls `export()`. */
  private pumping = false;
  private shutdownResult: Promise<FlushResult> | undefined;

  constructor(exporter: SpanExporter, options: BatchSpanProcessorOptions = {}) {
    this.exporter = exporter;
    this.maxQueueSize = positiveInteger('maxQueueSize', options.maxQueueSize, 2048);
    const batchSize = positiveInteger('maxExportBatchSize', options.maxExportBatchSize, 512);
    this.scheduledDelayMillis = milliseconds('scheduledDelayMillis', options.scheduledDelayMillis, 5000);
    this.exportTimeoutMillis = milliseconds('exportTimeoutMillis', options.exportTimeoutMillis, 30_000);
    if (batchSize > this.maxQueueSize) {
      // SPEC-NOTES 6.1: tracewire clamps rather than throws, with one warning.
      warn(`maxExportBatchSize ${batchSize} exceeds maxQueueSize ${this.maxQueueSize}; using ${this.maxQueueSize}`);
    }
    this.maxExportBatchSize = Math.min(batchSize, this.maxQueueSize);
    this.pump = this.pump.bind(this);
    this.onTimer = this.onTimer.bind(this);
  }

  onStart(): void {
    // nothing to do when a span starts
  }

  /** Hot path: O(1), no allocation beyond the array slot. */
  onEnd(span: ReadableSpan): void {
    if (this.shutdownResult !== undefined || !isSampled(span)) return;
    if (this.queue.length >= this.maxQueueSize) {
      // SPEC-NOTES 6.2: drop the newest, count it, warn once per overflow episode.
      this.tally.drop();
      warnOnce(this.overflowKey, `span queue full (${this.maxQueueSize}): dropping spans until it drains`);
      return;
    }
    this.queue.push(span);
    this.enqueued++;
    if (this.queue.length >= this.maxExportBatchSize) this.schedulePump();
    else if (this.timer === undefined && !this.pumping) this.startTimer();
  }

  /** Exports everything received before the call, then the exporter's forceFlush (SPEC-NOTES 6.3). */
  forceFlush(timeoutMillis?: number): Promise<FlushResult> {
    if (this.shutdownResult !== undefined) return this.shutdownResult;
    return settleWithin(this.flush(), timeoutMillis ?? this.exportTimeoutMillis);
  }

  /** forceFlush, then `exporter.shutdown()`; idempotent, later spans are ignored. */
  shutdown(timeoutMillis?: number): Promise<FlushResult> {
    if (this.shutdownResult === undefined) {
      const work = this.flush().then(async (flushed) => {
        const error = await callExporterHook(this.exporter, 'shutdown');
        return error === undefined || !flushed.ok ? flushed : { ok: false, timedOut: false, error };
      });
      this.shutdownResult = settleWithin(work, timeoutMillis ?? this.exportTimeoutMillis);
    }
    return this.shutdownResult;
  }

  stats(): ExportStats {
    return this.tally.stats();
  }

  private async flush(): Promise<FlushResult> {
    const target = this.enqueued;
    let error: Error | undefined;
    if (target > this.completed) {
      const waiter = await this.waitFor(target);
      error = waiter.error;
    }
    const hookError = await callExporterHook(this.exporter, 'forceFlush');
    error ??= hookError;
    return error === undefined ? FLUSH_OK : { ok: false, timedOut: false, error };
  }

  private waitFor(target: number): Promise<FlushWaiter> {
    if (target > this.flushTarget) this.flushTarget = target;
    return new Promise<FlushWaiter>((resolve) => {
      const waiter: FlushWaiter = { target, resolve: () => resolve(waiter) };
      this.waiters.push(waiter);
      this.schedulePump();
    });
  }

  private startTimer(): void {
    if (this.shutdownResult !== undefined) return;
    // Created outside any request context (a timer keeps the context it was made in) and
    // unref'd so a pending batch never keeps the process alive (SPEC-NOTES 6.2, DESIGN §6).
    this.timer = run(undefined, () => setTimeout(this.onTimer, this.scheduledDelayMillis));
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDue = true;
    this.schedulePump();
  }

  /** Starts the pump on the next turn (never inside `span.end()`), unless it is already going. */
  private schedulePump(): void {
    if (this.pumping) return;
    this.pumping = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    run(undefined, () => setImmediate(this.pump));
  }

  private shouldExport(): boolean {
    if (this.queue.length === 0) return false;
    return this.timerDue || this.queue.length >= this.maxExportBatchSize || this.flushTarget > this.completed;
  }

  /** The export loop: one batch at a time, each awaited (bounded by the export timeout). */
  private async pump(): Promise<void> {
    try {
      while (this.shouldExport()) {
        this.timerDue = false;
        const batch = this.queue.splice(0, this.maxExportBatchSize);
        // The queue is below full again: the overflow episode is over (SPEC-NOTES 6.2).
        resetWarning(this.overflowKey);
        const result = await callExporter(this.exporter, batch, this.exportTimeoutMillis);
        const error = this.tally.record(batch.length, result);
        this.completed += batch.length;
        this.settleWaiters(error);
      }
    } finally {
      this.pumping = false;
      this.timerDue = false;
      this.settleWaiters(undefined);
      if (this.queue.length > 0) this.startTimer();
    }
  }

  /** Marks pending flushes covering a failed batch, and releases those whose spans are all done. */
  private settleWaiters(error: Error | undefined): void {
    if (this.waiters.length === 0) return;
    const pending: FlushWaiter[] = [];
    for (const waiter of this.waiters) {
      if (error !== undefined) waiter.error ??= error;
      if (waiter.target <= this.completed) waiter.resolve();
      else pending.push(waiter);
    }
    this.waiters = pending;
  }
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw invalidOption(option, value, 'a positive integer');
  return value;
}

function milliseconds(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= MAX_TIMER_MS)) {
    throw invalidOption(option, value, `a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
  }
  return value;
}
