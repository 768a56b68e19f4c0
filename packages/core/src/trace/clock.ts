/**
 * Span timestamps: epoch milliseconds with a sub-millisecond fraction. Taken from the monotonic
 * clock (`performance.now()`) anchored to the epoch once, so durations never go backwards when
 * the wall clock is adjusted. A double at ~1.7e12 ms resolves ≈0.25 µs.
 */
import { performance } from 'node:perf_hooks';
import type { TimeInput } from '../types';

const origin = performance.timeOrigin;

/** Now, as fractional epoch milliseconds. */
export function now(): number {
  return origin + performance.now();
}

/** A user-supplied time as fractional epoch milliseconds; invalid input means "now". */
export function toEpochMillis(time: TimeInput | undefined): number {
  if (typeof time === 'number') return Number.isFinite(time) && time >= 0 ? time : now();
  if (time instanceof Date) {
    const ms = time.getTime();
    return Number.isFinite(ms) && ms >= 0 ? ms : now();
  }
  return now();
}

/**
 * Exact decimal nanoseconds since the epoch for OTLP (`fixed64` as a string): built from the
 * integer milliseconds and the rounded nanosecond remainder, so no float ever exceeds 2^53.
 */
export function toUnixNanoString(epochMillis: number): string {
  let whole = Math.floor(epochMillis);
  let nanos = Math.round((epochMillis - whole) * 1e6);
  if (nanos >= 1e6) {
    whole += 1;
    nanos -= 1e6;
  }
  if (whole === 0) return String(nanos);
  return `${whole}${String(nanos).padStart(6, '0')}`;
}
