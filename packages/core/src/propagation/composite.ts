/**
 * Runs several propagators in order (SPEC-NOTES §11.1): on extract each starts from the previous
 * one's context, so the last that finds a valid span context wins; inject writes all. Each
 * propagator, getter and setter is guarded: a throwing one is reported and skipped (§0.3).
 */
import { reportError } from '../diag';
import type { CarrierGetter, CarrierSetter, TextMapPropagator, TraceContext } from '../types';

export class CompositePropagator implements TextMapPropagator {
  private readonly propagators: readonly TextMapPropagator[];
  private readonly allFields: readonly string[];

  constructor(propagators: readonly TextMapPropagator[]) {
    this.propagators = [...propagators];
    this.allFields = Object.freeze([...new Set(this.propagators.flatMap((p) => p.fields()))]);
  }

  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined {
    let result = context;
    for (const propagator of this.propagators) {
      try {
        result = propagator.extract(result, carrier, getter);
      } catch (error) {
        reportError(error, 'propagator extract');
      }
    }
    return result;
  }

  inject(context: TraceContext | undefined, carrier: unknown, setter: CarrierSetter): void {
    for (const propagator of this.propagators) {
      try {
        propagator.inject(context, carrier, setter);
      } catch (error) {
        reportError(error, 'propagator inject');
      }
    }
  }

  fields(): readonly string[] {
    return this.allFields;
  }
}
