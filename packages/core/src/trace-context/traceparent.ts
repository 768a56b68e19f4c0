/**
 * W3C `traceparent` codec (SPEC-NOTES §1). Runs on every request, so parsing walks char codes at
 * fixed offsets instead of splitting or matching with a backtracking regex, and never throws.
 */
import { isValidSpanId, isValidTraceId } from '../ids';
import { flagsToHex } from '../trace/current-ids';
import { TraceFlags, type SpanContext } from '../types';

/** Only these flag bits are known to version 00; the rest are zeroed (§1.3, §1.4). */
const KNOWN_FLAGS = TraceFlags.SAMPLED | TraceFlags.RANDOM;

/** `vv-<32>-<16>-ff`: the whole of a version-00 value, the minimum for higher versions (§1.1, §1.3). */
const VERSION_00_LENGTH = 55;
const TRACE_ID_START = 3;
const TRACE_ID_END = 35;
const SPAN_ID_START = 36;
const SPAN_ID_END = 52;
const FLAGS_START = 53;

const DASH = 0x2d;
const SPACE = 0x20;
const HTAB = 0x09;
const FORBIDDEN_VERSION = 0xff;

/**
 * Parses a `traceparent` value into a remote SpanContext, or returns undefined when the header
 * must be ignored (the caller then restarts the trace and drops tracestate, §1.2 / §1.6).
 */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  const header = singleFieldValue(value);
  if (header === undefined) return undefined;

  // §1.2 tracewire chooses: SP/HTAB around the value are trimmed, not fatal.
  let start = 0;
  let end = header.length;
  while (start < end && isOws(header.charCodeAt(start))) start++;
  while (end > start && isOws(header.charCodeAt(end - 1))) end--;
  if (end - start < VERSION_00_LENGTH) return undefined;

  const version = lowerHexByte(header, start);
  if (version < 0 || version === FORBIDDEN_VERSION || header.charCodeAt(start + 2) !== DASH) return undefined;
  const tailOk = version === 0 ? end - start === VERSION_00_LENGTH : isHigherVersionTail(header, start + VERSION_00_LENGTH, end);
  if (!tailOk) return undefined;

  if (header.charCodeAt(start + TRACE_ID_END) !== DASH || header.charCodeAt(start + SPAN_ID_END) !== DASH) return undefined;
  const flags = lowerHexByte(header, start + FLAGS_START);
  if (flags < 0) return undefined;

  // ids.ts checks lowercase hex, exact length and "not all zeros" (§1.1, and §1.3 for higher versions).
  const traceId = header.slice(start + TRACE_ID_START, start + TRACE_ID_END);
  if (!isValidTraceId(traceId)) return undefined;
  const spanId = header.slice(start + SPAN_ID_START, start + SPAN_ID_END);
  if (!isValidSpanId(spanId)) return undefined;

  return { traceId, spanId, traceFlags: flags & KNOWN_FLAGS, isRemote: true };
}

/**
 * Formats a SpanContext as a version-00 `traceparent` (always the highest known version, §1.3),
 * keeping only the known flag bits; undefined when the ids are not valid.
 */
export function formatTraceparent(sc: SpanContext): string | undefined {
  const traceId: unknown = sc?.traceId;
  const spanId: unknown = sc?.spanId;
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return undefined;
  return `00-${traceId}-${spanId}-${flagsToHex(sc.traceFlags & KNOWN_FLAGS)}`;
}

/** §1.2 tracewire chooses: one field only; a 1-element array is that field, anything else is invalid. */
function singleFieldValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}

/**
 * §1.3: after the flags a higher version has either nothing or `-` and fields we must not interpret.
 * A `,` there can only come from a repeated header joined into one value, which §1.2 makes invalid.
 */
function isHigherVersionTail(header: string, from: number, end: number): boolean {
  if (from === end) return true;
  if (header.charCodeAt(from) !== DASH) return false;
  // Only OWS follows `end`, so searching to the end of the string is the same as to `end`.
  return header.indexOf(',', from) === -1;
}

function isOws(code: number): boolean {
  return code === SPACE || code === HTAB;
}

/** Value of two lowercase hex digits at `at`, or -1 (uppercase is invalid, §1.1). */
function lowerHexByte(text: string, at: number): number {
  const high = lowerHexDigit(text.charCodeAt(at));
  const low = lowerHexDigit(text.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : (high << 4) | low;
}

function lowerHexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}
