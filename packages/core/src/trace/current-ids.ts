/** Formats a span's ids for log lines once; spans cache the result (see `Span.ids()`). */
import { TraceFlags, type CurrentIds, type SpanContext } from '../types';

const HEX = '0123456789abcdef';

/** 2 lowercase hex characters for an 8-bit flags value. */
export function flagsToHex(flags: number): string {
  return HEX[(flags >> 4) & 0xf]! + HEX[flags & 0xf]!;
}

export function makeCurrentIds(spanContext: SpanContext, localRootSpanId: string): CurrentIds {
  return Object.freeze({
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    traceFlags: flagsToHex(spanContext.traceFlags & 0xff),
    sampled: (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0,
    localRootSpanId,
  });
}
