/**
 * When to retry and how long to wait (SPEC-NOTES 7.5, OT-EXP § Retry; Zipkin adopts it, 8.1):
 * only 429/502/503/504 and network errors are retried; waits grow exponentially with random
 * jitter, or follow the server's `Retry-After`.
 */

/** tracewire's choice (SPEC-NOTES 7.5): 1 s, ×1.5 per retry, at most 5 s, ±20 %, 5 retries. */
export const INITIAL_BACKOFF_MILLIS = 1000;
export const BACKOFF_MULTIPLIER = 1.5;
export const MAX_BACKOFF_MILLIS = 5000;
export const JITTER = 0.2;
export const MAX_RETRIES = 5;

const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** The wait before retry number `retry` (0 for the first), with jitter; `random` is in [0, 1). */
export function backoffMillis(retry: number, random: number = Math.random()): number {
  const base = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS * BACKOFF_MULTIPLIER ** retry);
  return base * (1 - JITTER + 2 * JITTER * random);
}

/**
 * `Retry-After` (RFC 9110 § 10.2.3) as milliseconds from `nowMillis`: delay-seconds or an
 * HTTP-date (a date in the past means now). Undefined when absent or unreadable.
 */
export function retryAfterMillis(value: string | string[] | undefined, nowMillis: number = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-date forms all contain letters (a weekday or a month name): keeps plain numbers out of Date.parse
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMillis);
}
