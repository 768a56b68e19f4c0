/**
 * Reads `partial_success` from a 200 response (SPEC-NOTES 7.5), in either encoding:
 * ExportTraceServiceResponse { 1: partial_success { 1: rejected_spans int64, 2: error_message } }.
 * A body that cannot be decoded counts as plain success (tracewire's choice), so every reader
 * here returns undefined rather than throwing.
 */
import { Reader } from '../protobuf/reader';

export interface PartialSuccess {
  /** spans the receiver rejected (int64; a count far beyond 2^53 is not a concern) */
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

/** The partial success a response body reports, or undefined for none / an undecodable body. */
export function readPartialSuccess(body: Buffer, contentType: string | undefined): PartialSuccess | undefined {
  if (body.length === 0) return undefined;
  const json = contentType === undefined ? body[0] === 0x7b /* { */ : /json/i.test(contentType);
  const found = json ? fromJson(body) : fromProtobuf(body);
  if (found === undefined || (found.rejectedSpans <= 0 && found.errorMessage === '')) return undefined;
  return found;
}

function fromJson(body: Buffer): PartialSuccess | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { partialSuccess?: { rejectedSpans?: unknown; errorMessage?: unknown } };
    const partial = parsed?.partialSuccess;
    if (partial === null || typeof partial !== 'object') return undefined;
    const rejected = Number(partial.rejectedSpans ?? 0);
    return {
      rejectedSpans: Number.isFinite(rejected) ? rejected : 0,
      errorMessage: typeof partial.errorMessage === 'string' ? partial.errorMessage : '',
    };
  } catch {
    return undefined;
  }
}

function fromProtobuf(body: Buffer): PartialSuccess | undefined {
  const outer = new Reader(body, 0, body.length);
  let found: PartialSuccess | undefined;
  while (outer.pos < outer.limit) {
    const key = outer.varint();
    if (key === undefined) return undefined;
    if (key === ((1 << 3) | 2)) {
      const inner = outer.message();
      found = inner === undefined ? undefined : readPartial(inner);
      if (found === undefined) return undefined;
    } else if (!outer.skip(key & 7)) {
      return undefined;
    }
  }
  return found;
}

function readPartial(reader: Reader): PartialSuccess | undefined {
  let rejectedSpans = 0;
  let errorMessage: string | undefined = '';
  while (reader.pos < reader.limit) {
    const key = reader.varint();
    if (key === undefined) return undefined;
    if (key === ((1 << 3) | 0)) {
      const value = reader.varint();
      if (value === undefined) return undefined;
      // int64: a negative count is a 10-byte varint (≥ 2^63 here): read it as nothing rejected
      rejectedSpans = value >= 2 ** 63 ? 0 : value;
    } else if (key === ((2 << 3) | 2)) {
      errorMessage = reader.string();
      if (errorMessage === undefined) return undefined;
    } else if (!reader.skip(key & 7)) {
      return undefined;
    }
  }
  return { rejectedSpans, errorMessage };
}
