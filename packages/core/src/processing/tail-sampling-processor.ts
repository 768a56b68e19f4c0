/**
 * Tail-based sampling in-process (a tracewire extension). It wraps the processors that export
 * (`next`): every span's onStart is passed on at once, but ended spans are held per local trace
 * (keyed by local root span id) until the local root ends; then the trace is kept if a rule
 * matches (TailRules) and its spans reach `next`, or dropped and they never do.
 *
 * Memory is bounded three ways: at most `maxTraces` traces and `maxSpans` spans are held — beyond
 * either, the oldest held trace is decided at once on what it holds ("evicted", warned once per
 * overflow episode) — and a trace whose root has not ended `timeoutMillis` after its first held
 * span is decided the same way ("timedOut"). Recent decisions are remembered (RecentDecisions),
 * so spans ending after their root, or after an early decision, follow their trace.
 */
import { run } from '../context/store';
import { resetWarning, warnOnce } from '../diag';
import { invalidOption } from '../errors';
import { now } from '../trace/clock';
import { flushProcessors, notifyProcessors, sumStats } from '../trace/processor-calls';
import type {
  FlushResult,
  ReadableSpan,
  SpanProcessor,
  TailSamplingCounters,
  TailSamplingProcessorOptions,
  TailSamplingReason,
  TailSamplingStats,
  TraceContext,
} from '../types';
import { HeldTraces } from './held-traces';
import { KeptRootSpan } from './kept-root-span';
import { RecentDecisions, type Decision } from './recent-decisions';
import { TailRules } from './tail-rules';

/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2_147_483_647;

let instances = 0;

export class TailSamplingProcessor implements SpanProcessor {
  private readonly next: readonly SpanProcessor[];
  private readonly rules: TailRules;
  private readonly maxTraces: number;
  private readonly maxSpans: number;
  private readonly timeoutMillis: number;
  private readonly overflowKey = `TailSamplingProcessor#${++instances}:overflow`;
  private readonly held: HeldTraces;
  private readonly decided: RecentDecisions;
  private readonly counters: Omit<TailSamplingCounters, 'heldTraces' | 'heldSpans'> = {
    kept: { error: 0, slow: 0, attribute: 0, probabilistic: 0 },
    dropped: 0,
    spansKept: 0,
    spansDropped: 0,
    timedOut: 0,
    evicted: 0,
  };
  private overflowing = false;
  private timer: NodeJS.Timeout | undefined;
  private shutdownResult: Promise<FlushResult> | undefined;

  constructor(options: TailSamplingProcessorOptions) {
    if (options === null || typeof options !== 'object') throw invalidOption('TailSamplingProcessor', options, 'an options object with next');
    this.next = processorList(options.next);
    this.rules = new TailRules(options.rules);
    this.maxTraces = count('maxTraces', options.maxTraces, 5000);
    this.maxSpans = count('maxSpans', options.maxSpans, 20_000);
    this.timeoutMillis = milliseconds('timeoutMillis', options.timeoutMillis, 30_000);
    this.held = new HeldTraces(this.rules);
    this.decided = new RecentDecisions(this.maxTraces);
    this.sweep = this.sweep.bind(this);
  }

  onStart(span: ReadableSpan, parentContext: TraceContext | undefined): void {
    if (this.shutdownResult === undefined) notifyProcessors(this.next, 'onStart', span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownResult !== undefined) return;
    const context = span.spanContext();
    const rootId = span.localRootSpanId;
    if (typeof rootId !== 'string' || rootId === context.spanId) this.endRoot(context.spanId, context.traceId, span);
    else this.endChild(rootId, context.traceId, span);
  }

  /** Passes on `next`'s flush; held traces stay held (their roots have not ended). */
  forceFlush(timeoutMillis?: number): Promise<FlushResult> {
    if (this.shutdownResult !== undefined) return this.shutdownResult;
    return flushProcessors(this.next, 'forceFlush', timeoutMillis);
  }

  /** Decides every held trace on what it holds, then shuts `next` down; idempotent. */
  shutdown(timeoutMillis?: number): Promise<FlushResult> {
    if (this.shutdownResult === undefined) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      for (const key of this.held.keys()) this.decideEarly(key);
      this.shutdownResult = flushProcessors(this.next, 'shutdown', timeoutMillis);
    }
    return this.shutdownResult;
  }

  stats(): TailSamplingStats {
    const sampling: TailSamplingCounters = {
      ...this.counters, kept: { ...this.counters.kept }, heldTraces: this.held.size, heldSpans: this.held.spans,
    };
    return { ...sumStats(this.next), sampling };
  }

  // A trace is either held or decided, never both, so the held traces (usually few) are looked at first.

  private endChild(key: string, traceId: string, span: ReadableSpan): void {
    if (!this.held.append(key, span)) {
      const decision = this.decided.get(key);
      if (decision !== undefined) {
        this.late(span, decision, false);
        return;
      }
      this.held.open(key, traceId, span);
      if (this.timer === undefined) this.startTimer(this.timeoutMillis);
    }
    if (this.held.size > this.maxTraces || this.held.spans > this.maxSpans) this.overflow();
  }

  private endRoot(key: string, traceId: string, span: ReadableSpan): void {
    const trace = this.held.release(key);
    if (trace === undefined) {
      const decision = this.decided.get(key);
      if (decision !== undefined) {
        this.late(span, decision, true);
        return;
      }
    }
    const reason = this.rules.decide({
      traceId,
      error: trace?.error === true || this.rules.isError(span),
      attribute: trace?.attribute === true || this.rules.hasAttribute(span),
      durationMillis: span.endTime - span.startTime,
    });
    this.settle(key, trace?.spans, span, reason);
  }

  /** The overflow policy: decide the oldest traces now, on what they hold, until within bounds. */
  private overflow(): void {
    this.overflowing = true;
    warnOnce(this.overflowKey, `tail sampling holds ${this.held.size} traces / ${this.held.spans} spans (limits ${this.maxTraces} / ${this.maxSpans}): deciding the oldest early`);
    while (this.held.size > this.maxTraces || this.held.spans > this.maxSpans) {
      this.counters.evicted++;
      this.decideEarly(this.held.oldest()!.key);
    }
  }

  /** Decides a trace whose root has not ended: its duration so far is a lower bound for the root's. */
  private decideEarly(key: string): void {
    const trace = this.held.release(key)!;
    this.settle(key, trace.spans, undefined, this.rules.decide(HeldTraces.factsWithoutRoot(trace)));
  }

  /** Forwards a decided trace's spans (or counts them dropped) and remembers the decision. */
  private settle(key: string, spans: readonly ReadableSpan[] | undefined, root: ReadableSpan | undefined, reason: TailSamplingReason | undefined): void {
    if (this.overflowing && this.held.size <= this.maxTraces / 2 && this.held.spans <= this.maxSpans / 2) {
      // down to half the limits: the overflow episode is over, the next one is warned about again
      this.overflowing = false;
      resetWarning(this.overflowKey);
    }
    this.decided.remember(key, reason ?? null);
    const total = (spans?.length ?? 0) + (root === undefined ? 0 : 1);
    if (reason === undefined) {
      this.counters.dropped++;
      this.counters.spansDropped += total;
      return;
    }
    this.counters.kept[reason]++;
    this.counters.spansKept += total;
    if (spans !== undefined) for (const span of spans) notifyProcessors(this.next, 'onEnd', span, undefined);
    if (root !== undefined) notifyProcessors(this.next, 'onEnd', new KeptRootSpan(root, reason), undefined);
  }

  /** A span of an already decided trace follows the decision; a late root still gets its reason. */
  private late(span: ReadableSpan, decision: Decision, isRoot: boolean): void {
    if (decision === null) {
      this.counters.spansDropped++;
      return;
    }
    this.counters.spansKept++;
    notifyProcessors(this.next, 'onEnd', isRoot ? new KeptRootSpan(span, decision) : span, undefined);
  }

  private startTimer(delay: number): void {
    if (this.timeoutMillis === 0) return;
    // outside any request context (a timer keeps the context it was made in) and unref'd, so
    // held traces never keep the process alive (DESIGN §6)
    this.timer = run(undefined, () => setTimeout(this.sweep, Math.min(Math.max(1, delay), MAX_TIMER_MS)));
    this.timer.unref();
  }

  /** Decides the traces held longer than the timeout (the oldest come first), then waits for the next one. */
  private sweep(): void {
    this.timer = undefined;
    const time = now();
    for (let trace = this.held.oldest(); trace !== undefined; trace = this.held.oldest()) {
      if (time - trace.since < this.timeoutMillis) {
        this.startTimer(trace.since + this.timeoutMillis - time);
        return;
      }
      this.counters.timedOut++;
      this.decideEarly(trace.key);
    }
  }
}

function processorList(next: unknown): SpanProcessor[] {
  const list: unknown[] = Array.isArray(next) ? next : [next];
  for (const processor of list) {
    if (processor === null || typeof processor !== 'object' || typeof (processor as SpanProcessor).onEnd !== 'function') {
      throw invalidOption('next', processor, 'a span processor (or a list of them) to hand kept spans to');
    }
  }
  return list as SpanProcessor[];
}

function count(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (Number.isSafeInteger(value) && value > 0) return value;
  throw invalidOption(option, value, 'a positive integer');
}

function milliseconds(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && value >= 0 && value <= MAX_TIMER_MS) return value;
  throw invalidOption(option, value, `a number of milliseconds from 0 (no timeout) to ${MAX_TIMER_MS}`);
}
