/**
 * @opentelemetry/api's `Context`, backed by a tracewire TraceContext: the span key reads and writes
 * the tracewire span, the baggage key its baggage, the SDK's suppress key tracewire's suppression,
 * and any other key an extension value. One view per tracewire context (cached), so OpenTelemetry
 * code comparing `context.active()` twice sees the same object.
 */
import type { Baggage as OtelBaggage, Context, Span as OtelSpan } from '@opentelemetry/api';
import { ROOT_CONTEXT, suppressTracing, withBaggage, withSpan, withValue, type TraceContext } from '@tracewire/core';
import { OtelBaggageView, toTracewireBaggage } from './baggage-view';
import { OTEL_BAGGAGE_KEY, OTEL_SPAN_KEY, OTEL_SUPPRESS_KEY } from './keys';
import { otelSpanOf, toTracewireSpan } from './span-view';

export class BridgedContext implements Context {
  constructor(readonly inner: TraceContext) {}

  getValue(key: symbol): unknown {
    const inner = this.inner;
    if (key === OTEL_SPAN_KEY) return inner.span === undefined ? undefined : otelSpanOf(inner.span);
    if (key === OTEL_BAGGAGE_KEY) return inner.baggage === undefined ? undefined : new OtelBaggageView(inner.baggage);
    if (key === OTEL_SUPPRESS_KEY) return inner.suppressTracing === true ? true : undefined;
    return inner.values?.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const inner = this.inner;
    if (key === OTEL_SPAN_KEY) return bridged(value === undefined ? without(inner, 'span') : withSpan(inner, toTracewireSpan(value as OtelSpan)));
    if (key === OTEL_BAGGAGE_KEY) return bridged(value === undefined ? without(inner, 'baggage') : withBaggage(inner, toTracewireBaggage(value as OtelBaggage)));
    if (key === OTEL_SUPPRESS_KEY) return bridged(value === true ? suppressTracing(inner) : without(inner, 'suppressTracing'));
    return bridged(withValue(inner, key, value));
  }

  deleteValue(key: symbol): Context {
    if (key === OTEL_SPAN_KEY || key === OTEL_BAGGAGE_KEY || key === OTEL_SUPPRESS_KEY) return this.setValue(key, undefined);
    if (this.inner.values?.has(key) !== true) return this;
    const values = new Map(this.inner.values);
    values.delete(key);
    return bridged({ ...this.inner, values });
  }
}

/** A copy of `context` without one of its fields (tracewire's helpers only ever add). */
function without(context: TraceContext, field: 'span' | 'baggage' | 'suppressTracing'): TraceContext {
  return {
    span: field === 'span' ? undefined : context.span,
    baggage: field === 'baggage' ? undefined : context.baggage,
    requestId: context.requestId,
    suppressTracing: field === 'suppressTracing' ? undefined : context.suppressTracing,
    values: context.values,
  };
}

const views = new WeakMap<TraceContext, BridgedContext>();

/** The OpenTelemetry view of a tracewire context (`undefined`: the root context). */
export function bridged(context: TraceContext | undefined): BridgedContext {
  const inner = context ?? ROOT_CONTEXT;
  let view = views.get(inner);
  if (view === undefined) views.set(inner, (view = new BridgedContext(inner)));
  return view;
}

/** The tracewire context for any OpenTelemetry context (one of ours, or a foreign one rebuilt from its keys). */
export function toTracewireContext(context: Context | undefined): TraceContext {
  if (context === undefined) return ROOT_CONTEXT;
  if (context instanceof BridgedContext) return context.inner;
  let result: TraceContext = ROOT_CONTEXT;
  const span = context.getValue(OTEL_SPAN_KEY) as OtelSpan | undefined;
  if (span !== undefined) result = withSpan(result, toTracewireSpan(span));
  const baggage = context.getValue(OTEL_BAGGAGE_KEY) as OtelBaggage | undefined;
  if (baggage !== undefined) result = withBaggage(result, toTracewireBaggage(baggage));
  if (context.getValue(OTEL_SUPPRESS_KEY) === true) result = suppressTracing(result);
  return result;
}
