/**
 * The tail sampler's waiting room: ended spans grouped by local trace (keyed by local root span
 * id), with what the rules need to know about each group gathered as spans arrive, and the groups'
 * age order for evicting the oldest and for timeouts. Age order is a queue of its own: a Map's
 * first entry, after many deletions at the front, is found by scanning the deleted slots.
 */
import { now } from '../trace/clock';
import type { ReadableSpan } from '../types';
import type { TailRules, TraceFacts } from './tail-rules';

/** The spans of one local trace waiting for their local root. */
export interface HeldTrace {
  readonly key: string;
  readonly traceId: string;
  /** span clock when the first span was held: the timeout counts from here */
  readonly since: number;
  spans: ReadableSpan[];
  earliestStart: number;
  error: boolean;
  attribute: boolean;
  /** decided and gone; its queue slot is skipped */
  released: boolean;
}

const NO_SPANS: ReadableSpan[] = [];
/** Slack before reclaiming queue slots of released traces, so reclaiming stays rare. */
const COMPACT_AT = 1024;

export class HeldTraces {
  private readonly byKey = new Map<string, HeldTrace>();
  private readonly queue: HeldTrace[] = [];
  private head = 0;
  /** spans held over all traces */
  spans = 0;

  constructor(private readonly rules: TailRules) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Adds `span` to its local trace if that is held; false when it is not. */
  append(key: string, span: ReadableSpan): boolean {
    const trace = this.byKey.size === 0 ? undefined : this.byKey.get(key);
    if (trace === undefined) return false;
    this.note(trace, span);
    return true;
  }

  /** Starts holding a local trace with its first ended span. */
  open(key: string, traceId: string, span: ReadableSpan): void {
    const trace: HeldTrace = {
      key, traceId, since: now(), spans: [], earliestStart: span.startTime, error: false, attribute: false, released: false,
    };
    this.byKey.set(key, trace);
    this.queue.push(trace);
    // slots of traces released out of turn (behind a long-held one) are reclaimed in one pass
    // whenever they outnumber the held traces, so the queue stays within twice the held count
    if (this.queue.length - this.head > 2 * this.byKey.size + COMPACT_AT) this.compact();
    this.note(trace, span);
  }

  private note(trace: HeldTrace, span: ReadableSpan): void {
    trace.spans.push(span);
    this.spans++;
    if (span.startTime < trace.earliestStart) trace.earliestStart = span.startTime;
    if (!trace.error && this.rules.isError(span)) trace.error = true;
    if (!trace.attribute && this.rules.hasAttribute(span)) trace.attribute = true;
  }

  /** Takes the trace out (undefined when none is held): the caller gets it, its queue slot keeps no spans. */
  release(key: string): HeldTrace | undefined {
    if (this.byKey.size === 0) return undefined;
    const trace = this.byKey.get(key);
    if (trace === undefined) return undefined;
    this.byKey.delete(key);
    this.spans -= trace.spans.length;
    const taken = { ...trace, released: true };
    trace.spans = NO_SPANS;
    trace.released = true;
    return taken;
  }

  /** Facts for a decision without the root: the time since the earliest span bounds the root's duration from below. */
  static factsWithoutRoot(trace: HeldTrace): TraceFacts {
    return { traceId: trace.traceId, error: trace.error, attribute: trace.attribute, durationMillis: now() - trace.earliestStart };
  }

  /** The trace held longest, or undefined. */
  oldest(): HeldTrace | undefined {
    while (this.head < this.queue.length && this.queue[this.head]!.released) this.head++;
    if (this.head >= COMPACT_AT && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return this.queue[this.head];
  }

  /** The keys of every held trace (a copy: safe to release while going through them). */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  private compact(): void {
    let kept = 0;
    for (let i = this.head; i < this.queue.length; i++) {
      const trace = this.queue[i]!;
      if (!trace.released) this.queue[kept++] = trace;
    }
    this.queue.length = kept;
    this.head = 0;
  }
}
