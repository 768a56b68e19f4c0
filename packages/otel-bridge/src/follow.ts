/**
 * `followOpenTelemetry()`: the other direction, for an app that already runs an OpenTelemetry SDK.
 * tracewire reads the SDK's active span instead of keeping its own: the server adapters continue
 * the SDK's SERVER span (no second one), log lines carry the ids of whichever span the SDK has
 * active, and tracewire's outbound instrumentation leaves calls to the SDK's (no second header).
 */
import { context, isSpanContextValid, trace, type Span as OtelSpan } from '@opentelemetry/api';
import { NonRecordingSpan, TracewireError, setExternalContextSource, withSpan, type TraceContext } from '@tracewire/core';
import { BridgedContext } from './bridged-context';
import type { OtelFollower } from './types';

interface Derived {
  readonly own: TraceContext | undefined;
  readonly context: TraceContext;
}

/** One derived context per SDK span and tracewire context: log lines read it without allocating. */
const derived = new WeakMap<OtelSpan, Derived>();

function followed(own: TraceContext | undefined): TraceContext | undefined {
  const span = trace.getSpan(context.active());
  if (span === undefined) return own;
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return own;
  if (own?.span?.spanContext().spanId === sc.spanId) return own;
  const cached = derived.get(span);
  if (cached !== undefined && cached.own === own) return cached.context;
  const mapped = new NonRecordingSpan({ traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, traceState: sc.traceState as never, isRemote: false });
  const result = withSpan(own, mapped);
  derived.set(span, { own, context: result });
  return result;
}

export function followOpenTelemetry(): OtelFollower {
  if (context.active() instanceof BridgedContext) {
    throw new TracewireError('TW_ERR_INVALID_OPTION', 'tracewire: followOpenTelemetry() cannot follow tracewire itself: registerOtelBridge() is registered (use one or the other)');
  }
  setExternalContextSource(followed);
  return { unfollow: () => setExternalContextSource(undefined) };
}
