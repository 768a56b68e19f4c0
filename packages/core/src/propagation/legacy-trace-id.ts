/**
 * A reader for services that pass only an id (registered as `xtraceid`): `x-trace-id` (32 or 16
 * hex of either case, 16 left-padded), else a UUID-shaped `x-request-id` (its 32 hex digits,
 * lowercased), becomes the trace id of the next local root. There is no parent span id, so no
 * parent is invented, and no random flag is claimed (foreign-context.ts). Extract does nothing
 * when an earlier format already found a parent. Inject writes nothing: these are the
 * application's own headers, forwarded (or not) by the application; `fields()` is empty for the
 * same reason, so a header the app forwards is never taken for one tracewire owns.
 */
import { isValidSpanId, isValidTraceId } from '../ids';
import type { CarrierGetter, TextMapPropagator, TraceContext } from '../types';
import { firstValue, paddedHexId, withTraceIdHint } from './foreign-context';

export const X_TRACE_ID = 'x-trace-id';
export const X_REQUEST_ID = 'x-request-id';
const NO_FIELDS: readonly string[] = Object.freeze([]);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export class LegacyTraceIdPropagator implements TextMapPropagator {
  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined {
    if (hasValidParent(context)) return context;
    const traceId = traceIdFromXTraceId(firstValue(getter.get(carrier, X_TRACE_ID)))
      ?? traceIdFromRequestId(firstValue(getter.get(carrier, X_REQUEST_ID)));
    return traceId === undefined ? context : withTraceIdHint(context, traceId);
  }

  inject(): void {
    // writes nothing (see above)
  }

  fields(): readonly string[] {
    return NO_FIELDS;
  }
}

/** 32 or 16 hex digits (either case), lowercased, 16 left-padded; never all zeros. */
function traceIdFromXTraceId(value: string | undefined): string | undefined {
  return value !== undefined && (value.length === 32 || value.length === 16) ? paddedHexId(value, 32) : undefined;
}

/** The 32 hex digits of a UUID-shaped value (8-4-4-4-12, either case), lowercased; never the nil UUID. */
function traceIdFromRequestId(value: string | undefined): string | undefined {
  if (value === undefined || !UUID.test(value)) return undefined;
  const id = value.replace(/-/g, '').toLowerCase();
  return isValidTraceId(id) ? id : undefined;
}

function hasValidParent(context: TraceContext | undefined): boolean {
  const spanContext = context?.span?.spanContext();
  return spanContext !== undefined && isValidTraceId(spanContext.traceId) && isValidSpanId(spanContext.spanId);
}
