/**
 * When to try an export again and how long to wait first (SPEC-NOTES §8.1 → §7.5): network errors
 * and 429/502/503/504 are retried; backoff starts at 1 s, grows ×1.5 up to 5 s with ±20 % jitter,
 * at most 5 retries; `Retry-After` replaces the backoff when the server sends one.
 */

export const MAX_RETRIES = 5;
const INITIAL_BACKOFF_MS = 1000;
const BACKOFF_MULTIPLIER = 1.5;
const MAX_BACKOFF_MS = 5000;
const JITTER = 0.2;

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** The wait before retry number `retry` (1-based), jittered by ±20 %. */
export function backoffMillis(retry: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * BACKOFF_MULTIPLIER ** (retry - 1));
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP-date; undefined when absent
 * or unreadable (then the backoff applies). Never negative.
 */
export function retryAfterMillis(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
