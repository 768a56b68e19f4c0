/**
 * What the non-W3C formats (B3, Jaeger, legacy id headers) share: reading one header value, their
 * hex ids, and the context they extract — a remote parent plus, where the format says more than
 * `traceparent` can, a context value the tracer reads (SPEC-NOTES §11.2, §11.3):
 * - `kSamplingDeferred`: the parent came without a sampling decision; the tracer asks its sampler
 *   as for a root (`parent: undefined`) while keeping the parent's trace id and span as parent;
 * - `kTraceIdHint`: no parent, only a trace id; the tracer's next root span uses it;
 * - `kDebugTrace`: the trace was received with a debug flag; B3 and Jaeger send it on as debug.
 * The random-trace-id flag is never set on these ids: tracewire cannot vouch for the randomness
 * of an id it did not generate, and a left-padded 64-bit id fails it (§1.4, §1.7).
 */
import { withSpan, withValue } from '../context/store';
import { isValidSpanId, isValidTraceId } from '../ids';
import { kDebugTrace, kSamplingDeferred, kTraceIdHint } from '../internal/symbols';
import { NonRecordingSpan } from '../trace/non-recording-span';
import { TraceFlags, type Span, type SpanContext, type TraceContext } from '../types';

export interface ForeignParent {
  /** 32 lc-hex, already padded and validated */
  readonly traceId: string;
  /** 16 lc-hex, already padded and validated */
  readonly spanId: string;
  /** undefined: the sender deferred the decision to us */
  readonly sampled: boolean | undefined;
  /** debug implies sampled */
  readonly debug: boolean;
}

/** `context` with `parent` as its remote parent span, and the hints the tracer and injectors read. */
export function withForeignParent(context: TraceContext | undefined, parent: ForeignParent): TraceContext {
  const sampled = parent.debug || parent.sampled === true;
  const span = new NonRecordingSpan({
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
  const next = withSpan(context, span);
  if (parent.debug) return withValue(next, kDebugTrace, parent.traceId);
  if (parent.sampled === undefined) return withValue(next, kSamplingDeferred, span);
  return next;
}

/** `context` with a trace id for the next root span started in it (there is no parent to continue). */
export function withTraceIdHint(context: TraceContext | undefined, traceId: string): TraceContext {
  return withValue(context, kTraceIdHint, traceId);
}

/** True when `span` is the very remote parent whose sampling decision was deferred. */
export function isSamplingDeferred(context: TraceContext, span: Span): boolean {
  return context.values !== undefined && context.values.get(kSamplingDeferred) === span;
}

/** True when the trace `traceId` was received with a debug flag (kept for the whole trace in this process). */
export function isDebugTrace(context: TraceContext, traceId: string): boolean {
  return context.values !== undefined && context.values.get(kDebugTrace) === traceId;
}

/** The span context to inject from `context`, when its ids are valid and tracing is not suppressed. */
export function injectableSpanContext(context: TraceContext | undefined): SpanContext | undefined {
  const span = context?.span;
  if (span === undefined || context!.suppressTracing === true) return undefined;
  const spanContext = span.spanContext();
  return isValidTraceId(spanContext.traceId) && isValidSpanId(spanContext.spanId) ? spanContext : undefined;
}

/**
 * The first value of a header these formats read once: the first element of an array, or the part
 * of a joined value (`a, b`, as Node joins repeats) before the first `,`, trimmed. None of their
 * values contains a `,`. undefined when absent; `''` when present but empty (which is malformed).
 */
export function firstValue(raw: unknown): string | undefined {
  const value: unknown = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return undefined;
  const comma = value.indexOf(',');
  // trim() also strips whitespace other than SP/HTAB: harmless, the value must then be ids
  return (comma === -1 ? value : value.slice(0, comma)).trim();
}

const HEX_ANY_CASE = /^[0-9a-fA-F]+$/;

/**
 * `text` as an id of `width` lc-hex digits: 1 to `width` hex digits of either case, lowercased
 * and left-padded with zeros; undefined when not hex, too long, or all zeros.
 */
export function paddedHexId(text: string | undefined, width: 16 | 32): string | undefined {
  if (text === undefined || text.length === 0 || text.length > width || !HEX_ANY_CASE.test(text)) return undefined;
  const id = text.toLowerCase().padStart(width, '0');
  return width === 32 ? (isValidTraceId(id) ? id : undefined) : isValidSpanId(id) ? id : undefined;
}
