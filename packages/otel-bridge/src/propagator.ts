/**
 * tracewire's propagation as @opentelemetry/api's global propagator: `propagation.inject()` in
 * OpenTelemetry code writes tracewire's configured formats (OTEL_PROPAGATORS) from tracewire's
 * context; `propagation.extract()` reads them into it. Getter and setter shapes are the same.
 */
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { extract, getPropagator, inject, type CarrierGetter, type CarrierSetter } from '@tracewire/core';
import { bridged, toTracewireContext } from './bridged-context';

export class TracewirePropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    inject(toTracewireContext(context), carrier, setter as CarrierSetter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return bridged(extract(carrier, getter as CarrierGetter, toTracewireContext(context)));
  }

  fields(): string[] {
    return [...getPropagator().fields()];
  }
}
