/**
 * B3 (SPEC-NOTES §11.2). Extract reads the single `b3` header and, only when it is absent, the
 * `X-B3-*` headers; malformed or id-less input extracts nothing. A trace id of 16 hex is
 * left-padded to 32. No sampling state = "defer": the parent is kept and the local root sampler
 * decides (foreign-context.ts); debug implies sampled and is sent on as debug. Inject writes the
 * current span (never `X-B3-ParentSpanId`): `b3: {trace32}-{span}-{1|0|d}` by default, or with
 * `inject: 'multi'` `X-B3-TraceId`, `X-B3-SpanId` and `X-B3-Sampled` (`X-B3-Flags: 1` for debug).
 */
import { invalidOption } from '../errors';
import { isValidSpanId, isValidTraceId } from '../ids';
import { TraceFlags, type CarrierGetter, type CarrierSetter, type TextMapPropagator, type TraceContext } from '../types';
import {
  type ForeignParent,
  firstValue,
  injectableSpanContext,
  isDebugTrace,
  isSamplingDeferred,
  withForeignParent,
} from './foreign-context';

export const B3_SINGLE = 'b3';
export const B3_TRACE_ID = 'x-b3-traceid';
export const B3_SPAN_ID = 'x-b3-spanid';
export const B3_PARENT_SPAN_ID = 'x-b3-parentspanid';
export const B3_SAMPLED = 'x-b3-sampled';
export const B3_FLAGS = 'x-b3-flags';

const MULTI_FIELDS = [B3_TRACE_ID, B3_SPAN_ID, B3_SAMPLED, B3_FLAGS, B3_PARENT_SPAN_ID];
const SINGLE_FIRST = Object.freeze([B3_SINGLE, ...MULTI_FIELDS]);
const MULTI_FIRST = Object.freeze([...MULTI_FIELDS, B3_SINGLE]);

export interface B3PropagatorOptions {
  /** Which encoding inject writes: `'single'` (default, the `b3` name) or `'multi'` (`b3multi`). Extract reads both. */
  inject?: 'single' | 'multi';
}

export class B3Propagator implements TextMapPropagator {
  private readonly multi: boolean;

  constructor(options: B3PropagatorOptions = {}) {
    const encoding: unknown = options?.inject ?? 'single';
    if (encoding !== 'single' && encoding !== 'multi') throw invalidOption('B3Propagator inject', encoding, "'single' or 'multi'");
    this.multi = encoding === 'multi';
  }

  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined {
    const single = getter.get(carrier, B3_SINGLE);
    // the single header takes precedence: when present it decides alone, valid or not
    const parent = single !== undefined ? parseB3Single(firstValue(single)) : parseB3Multi(carrier, getter);
    return parent === undefined ? context : withForeignParent(context, parent);
  }

  inject(context: TraceContext | undefined, carrier: unknown, setter: CarrierSetter): void {
    const spanContext = injectableSpanContext(context);
    if (spanContext === undefined) return;
    const { traceId, spanId } = spanContext;
    const debug = isDebugTrace(context!, traceId);
    // passing on an extracted context that deferred its decision keeps it deferred
    const deferred = !debug && isSamplingDeferred(context!, context!.span!);
    const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0;
    if (!this.multi) {
      setter.set(carrier, B3_SINGLE, `${traceId}-${spanId}${debug ? '-d' : deferred ? '' : sampled ? '-1' : '-0'}`);
      return;
    }
    setter.set(carrier, B3_TRACE_ID, traceId);
    setter.set(carrier, B3_SPAN_ID, spanId);
    if (debug) setter.set(carrier, B3_FLAGS, '1');
    else if (!deferred) setter.set(carrier, B3_SAMPLED, sampled ? '1' : '0');
  }

  fields(): readonly string[] {
    return this.multi ? MULTI_FIRST : SINGLE_FIRST;
  }
}

/**
 * `{TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]`. A lone sampling state (`b3: 0`) has
 * no ids and extracts nothing (tracewire chooses); so does anything malformed.
 */
function parseB3Single(value: string | undefined): ForeignParent | undefined {
  if (value === undefined) return undefined;
  const parts = value.split('-');
  if (parts.length < 2 || parts.length > 4) return undefined;
  const traceId = b3TraceId(parts[0]!);
  const spanId = parts[1]!;
  if (traceId === undefined || !isValidSpanId(spanId)) return undefined;
  if (parts.length === 4 && !isValidSpanId(parts[3])) return undefined;
  if (parts.length === 2) return { traceId, spanId, sampled: undefined, debug: false };
  switch (parts[2]) {
    case '1':
      return { traceId, spanId, sampled: true, debug: false };
    case '0':
      return { traceId, spanId, sampled: false, debug: false };
    case 'd':
      return { traceId, spanId, sampled: true, debug: true };
    default:
      return undefined;
  }
}

/**
 * The `X-B3-*` headers: trace and span id both required (sampling alone extracts nothing), the
 * first of repeated values wins, and any header present with an empty or nonsense value makes the
 * whole set malformed. `X-B3-Sampled` also reads `true`/`false`; `X-B3-Flags` is read as the
 * decimal bit field Finagle sends, whose bit 0 (`1`) is debug.
 */
function parseB3Multi(carrier: unknown, getter: CarrierGetter): ForeignParent | undefined {
  const rawTraceId = getter.get(carrier, B3_TRACE_ID);
  if (rawTraceId === undefined) return undefined;
  const traceId = b3TraceId(firstValue(rawTraceId));
  const spanId = firstValue(getter.get(carrier, B3_SPAN_ID));
  if (traceId === undefined || !isValidSpanId(spanId)) return undefined;
  const rawParent = getter.get(carrier, B3_PARENT_SPAN_ID);
  if (rawParent !== undefined && !isValidSpanId(firstValue(rawParent))) return undefined;
  const rawFlags = getter.get(carrier, B3_FLAGS);
  let debug = false;
  if (rawFlags !== undefined) {
    const flags = firstValue(rawFlags);
    if (flags === undefined || !/^[0-9]{1,19}$/.test(flags)) return undefined;
    debug = (flags.charCodeAt(flags.length - 1) & 1) === 1; // the last decimal digit is odd
  }
  const rawSampled = getter.get(carrier, B3_SAMPLED);
  let sampled: boolean | undefined;
  if (rawSampled !== undefined) {
    sampled = sampledValue(firstValue(rawSampled));
    if (sampled === undefined) return undefined;
  }
  return { traceId, spanId, sampled: debug ? true : sampled, debug };
}

/** 32 lc-hex, or 16 lc-hex left-padded with 16 zeros; never all zeros. */
function b3TraceId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const id = text.length === 16 ? `0000000000000000${text}` : text;
  return isValidTraceId(id) ? id : undefined;
}

function sampledValue(text: string | undefined): boolean | undefined {
  if (text === '1') return true;
  if (text === '0') return false;
  // §11.2: MAY be read leniently as true/false
  const lower = text?.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}
