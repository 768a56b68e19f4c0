/**
 * Reading what the service sent downstream, with the version-00 grammar of SPEC-NOTES §1.1
 * written out independently of the core (the tests must not trust the code they test).
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface Traceparent {
  version: string;
  traceId: string;
  parentId: string;
  flags: string;
}

const VERSION_00 = /^(00)-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZEROS = /^0+$/;

/** Parses an outgoing `traceparent`; throws (failing the test) unless it is a valid version-00 value. */
export function outgoingTraceparent(headers: IncomingHttpHeaders): Traceparent {
  const value = headers.traceparent;
  if (typeof value !== 'string') throw new Error(`expected one traceparent header, got ${JSON.stringify(value)}`);
  const match = VERSION_00.exec(value);
  if (match === null) throw new Error(`not a valid version-00 traceparent: ${JSON.stringify(value)}`);
  const [, version, traceId, parentId, flags] = match as unknown as [string, string, string, string, string];
  if (ALL_ZEROS.test(traceId) || ALL_ZEROS.test(parentId)) throw new Error(`all-zero id in traceparent ${value}`);
  return { version, traceId, parentId, flags };
}
