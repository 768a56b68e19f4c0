/**
 * Jaeger (SPEC-NOTES §11.3): `uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}` and
 * one `uberctx-{key}` header per baggage entry. Extract percent-decodes the value first (some
 * clients send `%3A`), left-pads shorter ids, reads hex of either case, ignores the deprecated
 * parent id, and reads flag 0x01 as sampled and 0x02 as debug (which implies sampled). Baggage is
 * read and written whether or not there is a span, like W3C baggage. Inject writes a 32-hex trace
 * id, the current span's id, `0`, and flags `01`/`00` — `03` for a trace received as debug.
 */
import { Baggage } from '../baggage/baggage';
import { percentDecode, percentEncode } from '../baggage/percent-encoding';
import { withBaggage } from '../context/store';
import { TraceFlags, type BaggageLike, type CarrierGetter, type CarrierSetter, type TextMapPropagator, type TraceContext } from '../types';
import { type ForeignParent, firstValue, injectableSpanContext, isDebugTrace, paddedHexId, withForeignParent } from './foreign-context';

export const UBER_TRACE_ID = 'uber-trace-id';
export const UBER_BAGGAGE_PREFIX = 'uberctx-';
// the uberctx-* names depend on the baggage, so only the fixed header can be listed
const FIELDS = Object.freeze([UBER_TRACE_ID]);

const FLAG_SAMPLED = 0x01;
const FLAG_DEBUG = 0x02;

export class JaegerPropagator implements TextMapPropagator {
  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined {
    const parent = parseUberTraceId(getter.get(carrier, UBER_TRACE_ID));
    const withParent = parent === undefined ? context : withForeignParent(context, parent);
    const baggage = uberBaggage(withParent?.baggage, carrier, getter);
    return baggage === undefined ? withParent : withBaggage(withParent, baggage);
  }

  inject(context: TraceContext | undefined, carrier: unknown, setter: CarrierSetter): void {
    const spanContext = injectableSpanContext(context);
    if (spanContext !== undefined) {
      const flags = isDebugTrace(context!, spanContext.traceId)
        ? '03'
        : (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0 ? '01' : '00';
      setter.set(carrier, UBER_TRACE_ID, `${spanContext.traceId}:${spanContext.spanId}:0:${flags}`);
    }
    const baggage = context?.baggage;
    if (baggage === undefined || baggage.size === 0 || context!.suppressTracing === true) return;
    for (const [key, entry] of baggage.getAll()) setter.set(carrier, UBER_BAGGAGE_PREFIX + key, encodeValue(entry.value));
  }

  fields(): readonly string[] {
    return FIELDS;
  }
}

/** One `uber-trace-id` value (the first, if repeated); undefined when malformed or an id is 0. */
function parseUberTraceId(raw: unknown): ForeignParent | undefined {
  const value = firstValue(raw);
  if (value === undefined) return undefined;
  const parts = percentDecode(value).split(':');
  if (parts.length !== 4) return undefined;
  const traceId = paddedHexId(parts[0], 32);
  const spanId = paddedHexId(parts[1], 16);
  const flagsText = parts[3]!;
  if (traceId === undefined || spanId === undefined || !/^[0-9a-fA-F]{1,2}$/.test(flagsText)) return undefined;
  const flags = parseInt(flagsText, 16);
  const debug = (flags & FLAG_DEBUG) !== 0;
  return { traceId, spanId, sampled: debug || (flags & FLAG_SAMPLED) !== 0, debug };
}

/** `existing` plus every `uberctx-{key}` entry (key lowercased, value percent-decoded); undefined when there is none. */
function uberBaggage(existing: BaggageLike | undefined, carrier: unknown, getter: CarrierGetter): BaggageLike | undefined {
  let baggage: BaggageLike | undefined;
  for (const name of getter.keys(carrier)) {
    if (!isUberBaggageName(name)) continue;
    const value = firstValue(getter.get(carrier, name));
    if (value === undefined) continue;
    const current = baggage ?? existing ?? Baggage.empty();
    const next = current.set(name.slice(UBER_BAGGAGE_PREFIX.length).toLowerCase(), percentDecode(value));
    if (next !== current) baggage = next; // an invalid key returns the baggage unchanged
  }
  return baggage;
}

/** `uberctx-` + a key, in any case; the first char is checked before any allocation (this runs per header). */
function isUberBaggageName(name: unknown): name is string {
  return typeof name === 'string' && name.length > UBER_BAGGAGE_PREFIX.length && (name.charCodeAt(0) | 0x20) === 0x75 // u
    && name.slice(0, UBER_BAGGAGE_PREFIX.length).toLowerCase() === UBER_BAGGAGE_PREFIX;
}

/**
 * As Jaeger clients encode (encodeURIComponent: `+` too, which Java's URLDecoder reads as a space);
 * a lone surrogate, which encodeURIComponent throws on, falls back to the baggage encoder.
 */
function encodeValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return percentEncode(value);
  }
}
