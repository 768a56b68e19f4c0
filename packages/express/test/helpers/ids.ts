/** Fresh W3C ids for incoming headers (random, lowercase hex, never all zeros). */
import { randomBytes } from 'node:crypto';

function hex(bytes: number): string {
  const value = randomBytes(bytes).toString('hex');
  return /^0+$/.test(value) ? hex(bytes) : value;
}

export interface Incoming {
  readonly traceId: string;
  readonly parentId: string;
  readonly traceparent: string;
}

export function incoming(flags = '01'): Incoming {
  const traceId = hex(16);
  const parentId = hex(8);
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-${flags}` };
}

/** The four fields of a traceparent-shaped header value (`traceresponse`). */
export function fields(value: unknown): { version: string; traceId: string; spanId: string; flags: string } {
  const match = typeof value === 'string' ? /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value) : null;
  if (match === null) throw new Error(`not a traceparent-shaped value: ${String(value)}`);
  return { version: match[1]!, traceId: match[2]!, spanId: match[3]!, flags: match[4]! };
}
