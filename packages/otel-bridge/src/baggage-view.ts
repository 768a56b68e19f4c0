/** Baggage across the bridge: tracewire's immutable baggage seen as @opentelemetry/api's, and back. */
import { baggageEntryMetadataFromString, type Baggage as OtelBaggage, type BaggageEntry as OtelBaggageEntry } from '@opentelemetry/api';
import { Baggage, type BaggageEntry, type BaggageLike } from '@tracewire/core';

function toOtelEntry(entry: BaggageEntry): OtelBaggageEntry {
  return entry.metadata === undefined ? { value: entry.value } : { value: entry.value, metadata: baggageEntryMetadataFromString(entry.metadata) };
}

export class OtelBaggageView implements OtelBaggage {
  constructor(readonly inner: BaggageLike) {}

  getEntry(key: string): OtelBaggageEntry | undefined {
    const entry = this.inner.get(key);
    return entry === undefined ? undefined : toOtelEntry(entry);
  }

  getAllEntries(): [string, OtelBaggageEntry][] {
    return this.inner.getAll().map(([key, entry]) => [key, toOtelEntry(entry)]);
  }

  setEntry(key: string, entry: OtelBaggageEntry): OtelBaggage {
    return new OtelBaggageView(this.inner.set(key, entry.value, entry.metadata?.toString()));
  }

  removeEntry(key: string): OtelBaggage {
    return new OtelBaggageView(this.inner.delete(key));
  }

  removeEntries(...keys: string[]): OtelBaggage {
    let inner = this.inner;
    for (const key of keys) inner = inner.delete(key);
    return new OtelBaggageView(inner);
  }

  clear(): OtelBaggage {
    return new OtelBaggageView(Baggage.parse(''));
  }
}

export function toTracewireBaggage(baggage: OtelBaggage): BaggageLike {
  if (baggage instanceof OtelBaggageView) return baggage.inner;
  let result: BaggageLike = Baggage.parse('');
  for (const [key, entry] of baggage.getAllEntries()) result = result.set(key, entry.value, entry.metadata?.toString());
  return result;
}
