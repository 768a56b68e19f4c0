import { backoffMillis, isRetryableStatus, retryAfterMillis } from '../../src/export/http-delivery/retry-policy';

describe('retry policy (SPEC-NOTES 7.5)', () => {
  test('only 429, 502, 503 and 504 are retryable statuses', () => {
    const retryable = Array.from({ length: 500 }, (_, i) => 100 + i).filter(isRetryableStatus);
    expect(retryable).toEqual([429, 502, 503, 504]);
  });

  test('backoff: 1 s × 1.5 per retry, capped at 5 s, ±20 % jitter', () => {
    // random 0 → −20 %, 0.5 → the base, →1 → +20 %
    expect(backoffMillis(0, 0.5)).toBeCloseTo(1000);
    expect(backoffMillis(1, 0.5)).toBeCloseTo(1500);
    expect(backoffMillis(2, 0.5)).toBeCloseTo(2250);
    expect(backoffMillis(3, 0.5)).toBeCloseTo(3375);
    expect(backoffMillis(4, 0.5)).toBeCloseTo(5000);
    expect(backoffMillis(9, 0.5)).toBeCloseTo(5000);
    expect(backoffMillis(0, 0)).toBeCloseTo(800);
    expect(backoffMillis(0, 0.999999)).toBeCloseTo(1200, 0);
    expect(backoffMillis(9, 0)).toBeCloseTo(4000);
  });

  test('jitter is random: repeated draws differ and stay within ±20 %', () => {
    const draws = Array.from({ length: 200 }, () => backoffMillis(1));
    expect(new Set(draws.map((d) => Math.round(d))).size).toBeGreaterThan(10);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1200);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1800);
  });

  test('Retry-After: delay-seconds or HTTP-date, anything else ignored', () => {
    const now = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(retryAfterMillis('120', now)).toBe(120_000);
    expect(retryAfterMillis(' 0 ', now)).toBe(0);
    expect(retryAfterMillis(['3', '9'], now)).toBe(3000);
    expect(retryAfterMillis('Sun, 06 Nov 1994 08:49:47 GMT', now)).toBe(10_000);
    expect(retryAfterMillis('Sunday, 06-Nov-94 08:49:39 GMT', now)).toBe(2000); // RFC 850 form
    expect(retryAfterMillis('Sun, 06 Nov 1994 08:40:00 GMT', now)).toBe(0); // in the past: now
    for (const bad of [undefined, '', '1.5', '-3', 'soon', '2024-01-01']) expect(retryAfterMillis(bad, now)).toBeUndefined();
  });
});
