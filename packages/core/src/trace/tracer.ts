/**
 * The tracer: decides what a new span is (SPEC-NOTES §4.1, §1.4, §1.7) and runs callbacks inside
 * it. It is built from an already-resolved `TracerConfig` (env and option parsing live elsewhere)
 * and never throws into the app (SPEC 0.1): bad input falls back to a safe default, and the
 * sampler and every processor are guarded (SPEC 0.3).
 *
 * Propagate-only mode (DESIGN §2): when nothing would record (sampler DROP, `disabled`, no
 * processors, or after shutdown) the tracer still returns a span with fresh ids and flags, so log
 * correlation and downstream `traceparent` headers work with zero infrastructure. The sampler is
 * consulted in every case, so the sampled bit passed downstream is the configured decision
 * (with the default parent-based sampler: the upstream decision), not a blanket "not sampled".
 *
 * Two context values an extracting propagator may leave shape a span too (propagation/
 * foreign-context.ts): a remote parent sent without a sampling decision is sampled as a root
 * (the sampler sees no parent) yet stays the parent, and a trace id hint names a new root's trace.
 */
import { active, isTracingSuppressed, run, withSpan } from '../context/store';
import { describeError, reportError, warnOnce } from '../diag';
import { generateSpanId, generateTraceId, isValidSpanId, isValidTraceId } from '../ids';
import { kSamplingDeferred, kTraceIdHint } from '../internal/symbols';
import {
  SamplingDecision,
  SpanKind,
  TraceFlags,
  type Attributes,
  type ExportStats,
  type FlushResult,
  type InstrumentationScope,
  type Link,
  type Resource,
  type Sampler,
  type SamplingParameters,
  type SamplingResult,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanProcessor,
  type TraceContext,
  type Tracer,
} from '../types';
import { toSafeString } from './attributes';
import { toEpochMillis } from './clock';
import { NonRecordingSpan } from './non-recording-span';
import { flushProcessors, sumStats } from './processor-calls';
import { RecordingSpan, type SpanSharedState } from './recording-span';
import { runInSpan } from './run-in-span';
import type { ResolvedSpanLimits } from './span-limits';

/** Everything a tracer needs, already validated and defaulted. */
export interface TracerConfig {
  resource: Resource;
  scope: InstrumentationScope;
  sampler: Sampler;
  processors: SpanProcessor[];
  spanLimits: ResolvedSpanLimits;
  /** `OTEL_SDK_DISABLED`: nothing records; ids and propagation still work. */
  disabled: boolean;
}

const INVALID_SPAN_CONTEXT: SpanContext = Object.freeze({
  traceId: '00000000000000000000000000000000',
  spanId: '0000000000000000',
  traceFlags: TraceFlags.NONE,
});
const DROP: SamplingResult = Object.freeze({ decision: SamplingDecision.DROP });
const NO_OPTIONS: SpanOptions = Object.freeze({});
const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_LINKS: readonly Link[] = Object.freeze([]);

export class TracerImpl implements Tracer {
  readonly resource: Resource;
  readonly sampler: Sampler;
  private readonly shared: SpanSharedState;
  private readonly disabled: boolean;
  private shutdownResult: Promise<FlushResult> | undefined;

  constructor(config: TracerConfig) {
    this.resource = config.resource;
    this.sampler = config.sampler;
    this.shared = Object.freeze({
      resource: config.resource,
      scope: config.scope,
      spanLimits: config.spanLimits,
      processors: Object.freeze(config.processors.slice()),
    });
    this.disabled = config.disabled;
    this.shutdownResult = undefined;
  }

  /** `context` undefined means the active context; pass `{ root: true }` to start a new trace. */
  startSpan(name: string, options?: SpanOptions, context?: TraceContext): Span {
    try {
      const opts = options !== null && typeof options === 'object' ? options : NO_OPTIONS;
      return this.createSpan(name, opts, context === undefined ? active() : context);
    } catch (error) {
      reportError(error, 'Tracer.startSpan');
      return new NonRecordingSpan({ traceId: generateTraceId(), spanId: generateSpanId(), traceFlags: TraceFlags.RANDOM });
    }
  }

  startActiveSpan<R>(name: string, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, options: SpanOptions, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, options: SpanOptions, context: TraceContext | undefined, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, a?: unknown, b?: unknown, c?: unknown): R {
    const fn = typeof c === 'function' ? c : typeof b === 'function' ? b : typeof a === 'function' ? a : undefined;
    if (fn === undefined) {
      warnOnce('tracer.startActiveSpan-no-fn', 'startActiveSpan was called without a function; nothing was run');
      return undefined as R;
    }
    const options = fn === a ? undefined : (a as SpanOptions | undefined);
    const given = fn === c ? (b as TraceContext | undefined) : undefined;
    const parentContext = given === undefined ? active() : given;
    const span = this.startSpan(name, options, parentContext);
    return run(withSpan(parentContext, span), runInSpan, span, fn as (span: Span) => R);
  }

  forceFlush(timeoutMillis?: number): Promise<FlushResult> {
    return flushProcessors(this.shared.processors, 'forceFlush', timeoutMillis);
  }

  shutdown(timeoutMillis?: number): Promise<FlushResult> {
    return (this.shutdownResult ??= flushProcessors(this.shared.processors, 'shutdown', timeoutMillis));
  }

  /** Sums `stats()` of the processors that offer it (the batch processor does). */
  stats(): ExportStats {
    return sumStats(this.shared.processors);
  }

  private createSpan(name: unknown, options: SpanOptions, context: TraceContext | undefined): Span {
    if (isTracingSuppressed(context)) return suppressedSpan(context);
    const startTime = toEpochMillis(options.startTime);
    const spanName = toSafeString(name, 'unnamed');
    const kind = isSpanKind(options.kind) ? options.kind : SpanKind.INTERNAL;
    const attributes = options.attributes !== null && typeof options.attributes === 'object' ? options.attributes : undefined;
    const links = Array.isArray(options.links) ? options.links : undefined;
    const parentSpan = options.root === true ? undefined : context?.span;
    const parent = validSpanContextOf(parentSpan);
    // what an extracting propagator left beyond a span (foreign-context.ts); ordinary contexts have none
    const hints = options.root === true ? undefined : context?.values;
    // §4.1 order: trace id, then the sampler, then the span id (generated whatever the decision).
    // §1.4: a continued trace keeps the parent's random bit exactly; a new trace sets it (CSPRNG
    // ids), unless its id came from a header (a trace id hint), whose randomness nobody vouched for.
    let traceId: string;
    let random: number;
    let sampledParent = parent;
    if (parent !== undefined) {
      traceId = parent.traceId;
      random = parent.traceFlags & TraceFlags.RANDOM;
      // a parent sent without a sampling decision (B3 "defer"): the sampler decides as for a root
      if (hints !== undefined && hints.get(kSamplingDeferred) === parentSpan) sampledParent = undefined;
    } else {
      const hint: unknown = hints === undefined ? undefined : hints.get(kTraceIdHint);
      const hinted = isValidTraceId(hint);
      traceId = hinted ? hint : generateTraceId();
      random = hinted ? TraceFlags.NONE : TraceFlags.RANDOM;
    }
    const result = this.sample({
      parent: sampledParent, traceId, name: spanName, kind, attributes: attributes ?? NO_ATTRIBUTES, links: links ?? NO_LINKS, context,
    });
    const spanId = generateSpanId();
    const sampled = result.decision === SamplingDecision.RECORD_AND_SAMPLE ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const spanContext: SpanContext = {
      traceId, spanId, traceFlags: sampled | random, traceState: result.traceState ?? parent?.traceState, isRemote: false,
    };
    const parentIsLocal = parent !== undefined && parent.isRemote !== true;
    const localRootSpanId = parentIsLocal ? localRootOf(parentSpan!, spanId) : spanId;
    if (result.decision === SamplingDecision.DROP || !this.recording) return new NonRecordingSpan(spanContext, localRootSpanId);
    const span = new RecordingSpan(
      this.shared, spanContext, parent?.spanId, parent === undefined ? undefined : !parentIsLocal,
      spanName, kind, startTime, localRootSpanId, attributes, links,
    );
    if (result.attributes !== undefined) span.setAttributes(result.attributes);
    span.notifyStart(context);
    return span;
  }

  /** false when no span can record (disabled, shut down, or no processor to hand spans to). */
  get recording(): boolean {
    return !this.disabled && this.shutdownResult === undefined && this.shared.processors.length > 0;
  }

  /** SPEC-NOTES §9.1 (tracewire chooses): a throwing sampler means DROP, reported once. */
  private sample(params: SamplingParameters): SamplingResult {
    try {
      const result = this.sampler.shouldSample(params);
      if (result !== null && typeof result === 'object' && isDecision(result.decision)) return result;
      warnOnce('tracer.sampler-bad-result', 'the sampler returned no valid decision; treating it as DROP');
    } catch (error) {
      warnOnce('tracer.sampler-threw', `the sampler threw; treating it as DROP: ${describeError(error)}`);
    }
    return DROP;
  }
}

/** In a suppressed context (tracewire's own export traffic) nothing new is created (§0, DESIGN §2). */
function suppressedSpan(context: TraceContext | undefined): Span {
  const parentSpan = context?.span;
  const parent = validSpanContextOf(parentSpan);
  if (parent === undefined) return new NonRecordingSpan(INVALID_SPAN_CONTEXT);
  return new NonRecordingSpan(parent, localRootOf(parentSpan!, parent.spanId));
}

function validSpanContextOf(span: Span | undefined): SpanContext | undefined {
  if (span === undefined || span === null) return undefined;
  const context = span.spanContext();
  return context !== null && typeof context === 'object' && isValidTraceId(context.traceId) && isValidSpanId(context.spanId)
    ? context
    : undefined;
}

function localRootOf(parentSpan: Span, fallback: string): string {
  try {
    const id = parentSpan.ids().localRootSpanId;
    return isValidSpanId(id) ? id : fallback;
  } catch {
    return fallback;
  }
}

function isSpanKind(kind: unknown): kind is SpanKind {
  return typeof kind === 'number' && Number.isInteger(kind) && kind >= SpanKind.INTERNAL && kind <= SpanKind.CONSUMER;
}

function isDecision(decision: unknown): decision is SamplingDecision {
  return decision === SamplingDecision.DROP || decision === SamplingDecision.RECORD_ONLY
    || decision === SamplingDecision.RECORD_AND_SAMPLE;
}
