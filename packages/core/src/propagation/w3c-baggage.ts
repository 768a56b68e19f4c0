/**
 * W3C Baggage propagator (SPEC-NOTES §3). Baggage is independent of the span: it is extracted
 * even when `traceparent` is invalid, and injected even when no span is active.
 */
import { Baggage } from '../baggage/baggage';
import { withBaggage } from '../context/store';
import type { CarrierGetter, CarrierSetter, TextMapPropagator, TraceContext } from '../types';

export const BAGGAGE = 'baggage';
const FIELDS = Object.freeze([BAGGAGE]);

export class W3CBaggagePropagator implements TextMapPropagator {
  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined {
    const raw = getter.get(carrier, BAGGAGE);
    if (raw === undefined) return context;
    const baggage = Baggage.parse(raw);
    return baggage.size === 0 ? context : withBaggage(context, baggage);
  }

  inject(context: TraceContext | undefined, carrier: unknown, setter: CarrierSetter): void {
    const baggage = context?.baggage;
    if (baggage === undefined || baggage.size === 0 || context!.suppressTracing === true) return;
    const value = baggage.serialize();
    if (value) setter.set(carrier, BAGGAGE, value);
  }

  fields(): readonly string[] {
    return FIELDS;
  }
}
