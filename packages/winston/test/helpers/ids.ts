/** Incoming W3C ids for the requests a test sends, and reading the `traceresponse` a server answers. */
import { generateSpanId, generateTraceId } from '@tracewire/core';

export interface Caller {
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
  readonly traceparent: string;
}

/** A distinct caller: random ids (core's generators only make the input; they are not under test). */
export function caller(flags = '01'): Caller {
  const traceId = generateTraceId();
  const parentId = generateSpanId();
  return { traceId, parentId, flags, traceparent: `00-${traceId}-${parentId}-${flags}` };
}

/** The SERVER span id and flags from a `traceresponse` header (what the request's lines must carry). */
export function fromTraceresponse(value: unknown): { traceId: string; spanId: string; flags: string } {
  const match = typeof value === 'string' ? /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value) : null;
  if (match === null) throw new Error(`not a traceresponse: ${String(value)}`);
  return { traceId: match[1]!, spanId: match[2]!, flags: match[3]! };
}
