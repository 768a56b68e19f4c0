import { now, toEpochMillis, toUnixNanoString } from '../../src/trace/clock';

describe('clock', () => {
  test('now() is epoch milliseconds with a sub-millisecond fraction, close to Date.now()', () => {
    const samples = Array.from({ length: 50 }, now);
    expect(Math.abs(samples[0]! - Date.now())).toBeLessThan(1000);
    expect(samples.some((t) => t % 1 !== 0)).toBe(true);
    for (let i = 1; i < samples.length; i++) expect(samples[i]!).toBeGreaterThanOrEqual(samples[i - 1]!);
  });

  test.each([
    // ms, expected ns: integer ms times 10^6 plus the rounded remainder
    [0, '0'],
    [1, '1000000'],
    [1700000000123, '1700000000123000000'],
    [1700000000123.5, '1700000000123500000'],
    [1700000000123.25, '1700000000123250000'],
    [5.9999999, '6000000'], // the remainder rounds up into the next ms
    [0.9999999, '1000000'],
  ])('toUnixNanoString(%p) = %s', (ms, ns) => {
    expect(toUnixNanoString(ms)).toBe(ns);
  });

  test('nanosecond strings keep precision beyond 2^53', () => {
    const ms = 1700000000123.456;
    const ns = BigInt(toUnixNanoString(ms));
    expect(ns > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    // within the double's resolution at this magnitude (~0.25 µs)
    const diff = ns - 1700000000123456000n;
    expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(250n);
  });

  test('toEpochMillis accepts numbers and Dates, falls back to now for garbage', () => {
    expect(toEpochMillis(1234.5)).toBe(1234.5);
    expect(toEpochMillis(new Date(5000))).toBe(5000);
    for (const bad of [NaN, -1, Infinity, new Date('nope'), undefined]) {
      expect(Math.abs(toEpochMillis(bad as number) - Date.now())).toBeLessThan(1000);
    }
  });
});
