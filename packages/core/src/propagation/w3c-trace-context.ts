/**
 * W3C Trace Context propagator (`traceparent` + `tracestate`, SPEC-NOTES §1–2). Extract never
 * throws and leaves the context unchanged when `traceparent` is invalid, in which case
 * `tracestate` is not even read (§1.2). Inject writes the active span's ids: parent-id is the
 * current operation's span id, flags keep the sampled and random bits only.
 */
import { withSpan } from '../context/store';
import { formatTraceparent, parseTraceparent } from '../trace-context/traceparent';
import { TraceState } from '../trace-context/tracestate';
import { NonRecordingSpan } from '../trace/non-recording-span';
import type { CarrierGetter, CarrierSetter, TextMapPropagator, TraceContext } from '../types';

export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';
const FIELDS = Object.freeze([TRACEPARENT, TRACESTATE]);

export class W3CTraceContextPropagator implements TextMapPropagator {
  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined {
    const parent = parseTraceparent(getter.get(carrier, TRACEPARENT));
    if (parent === undefined) return context;
    const rawState = getter.get(carrier, TRACESTATE);
    const traceState = rawState === undefined ? undefined : TraceState.parse(rawState);
    // an explicit literal: object spread here measured ~30x slower (a dictionary-mode copy)
    const spanContext =
      traceState !== undefined && traceState.size > 0
        ? { traceId: parent.traceId, spanId: parent.spanId, traceFlags: parent.traceFlags, traceState, isRemote: true }
        : parent;
    return withSpan(context, new NonRecordingSpan(spanContext));
  }

  inject(context: TraceContext | undefined, carrier: unknown, setter: CarrierSetter): void {
    const span = context?.span;
    if (span === undefined || context!.suppressTracing === true) return;
    const spanContext = span.spanContext();
    const traceparent = formatTraceparent(spanContext);
    if (traceparent === undefined) return;
    setter.set(carrier, TRACEPARENT, traceparent);
    // an empty tracestate is accepted on input but SHOULD NOT be sent (§2.1)
    const traceState = spanContext.traceState?.serialize();
    if (traceState) setter.set(carrier, TRACESTATE, traceState);
  }

  fields(): readonly string[] {
    return FIELDS;
  }
}
