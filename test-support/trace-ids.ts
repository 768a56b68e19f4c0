/**
 * W3C trace ids for the requests tests send, and reading back the ids a server answers with.
 * Written independently of core's parser: the tests must not trust the code they test.
 */
import { randomBytes } from 'node:crypto';

/** The W3C Trace Context spec's example ids. */
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const PARENT_ID = '00f067aa0ba902b7';
export const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

/** Random lowercase hex of `bytes` bytes, never all zeros (W3C forbids all-zero ids). */
export function randomHex(bytes: number): string {
  const value = randomBytes(bytes).toString('hex');
  return /^0+$/.test(value) ? randomHex(bytes) : value;
}

export interface Incoming {
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
  /** `00-<traceId>-<parentId>-<flags>` */
  readonly traceparent: string;
}

function incoming(traceId: string, parentId: string, flags: string): Incoming {
  return { traceId, parentId, flags, traceparent: `00-${traceId}-${parentId}-${flags}` };
}

/** A fresh caller: random ids, sampled unless `flags` says otherwise. */
export function randomTraceparent(flags = '01'): Incoming {
  return incoming(randomHex(16), randomHex(8), flags);
}

/** The n-th caller of a series: distinct, readable ids (n is in both), sampled unless `flags` says otherwise. */
export function orderedTraceparent(n: number, flags = '01'): Incoming {
  const prefix = (n + 1).toString(16).padStart(8, '0');
  return incoming(`${prefix}${'a1b2c3d4'.repeat(3)}`, `${prefix}beefcafe`, flags);
}

/**
 * The four fields of a version-00 traceparent-shaped value (a `traceresponse` header: the server
 * span's ids). Throws, failing the test, unless it is one.
 */
export function traceresponseIds(value: unknown): { version: string; traceId: string; spanId: string; flags: string } {
  const match = typeof value === 'string' ? /^(00)-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value) : null;
  if (match === null) throw new Error(`not a version-00 traceparent-shaped value: ${JSON.stringify(value)}`);
  return { version: match[1]!, traceId: match[2]!, spanId: match[3]!, flags: match[4]! };
}

/**
 * Incoming traceparents a server must ignore and restart on (SPEC-NOTES §1.2): new trace id,
 * no remote parent, tracestate dropped. `[case, header value]`, for `test.each`.
 */
export const INVALID_TRACEPARENTS: Array<[string, string]> = [
  ['uppercase hex', `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`],
  ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
  ['all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
  ['version ff', `ff-${TRACE_ID}-${PARENT_ID}-01`],
  ['short trace id', `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`],
  ['extra field on version 00', `${TRACEPARENT}-extra`],
  ['garbage', 'not a traceparent'],
];
