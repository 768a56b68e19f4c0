import { generateTraceId } from '../../src/ids';
import { adaptive } from '../../src/sampling/adaptive';
import type { AdaptiveSampler } from '../../src/types';
import { expectInvalidOption, isSampled, keptAtRatio, manualClock } from './sampling-support';

type Clock = ReturnType<typeof manualClock>;

/** `perSecond` evenly spaced decisions per simulated second for `seconds`; the sampled count of each second. */
function drive(sampler: AdaptiveSampler, clock: Clock, perSecond: number, seconds: number): number[] {
  const spacing = 1000 / perSecond;
  const counts: number[] = [];
  for (let s = 0; s < seconds; s++) {
    let sampled = 0;
    for (let i = 0; i < perSecond; i++) {
      if (isSampled(sampler, generateTraceId())) sampled++;
      clock.advance(spacing);
    }
    counts.push(sampled);
  }
  return counts;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('adaptive', () => {
  test('converges to its target under changing load (simulated clock)', () => {
    const target = 500;
    const clock = manualClock();
    const sampler = adaptive({ perSecond: target, clock });
    // each phase: 10 s to settle (the estimate halves its error every window), then 5 s measured.
    // Over 5 s the sampled count is binomial with mean 2,500 and sd ≤ 50, so ±10 % (250) is 5 sd.
    for (const load of [20_000, 2_000, 50_000, 5_000]) {
      drive(sampler, clock, load, 10);
      expect(Math.abs(sampler.stats().ratio - target / load) / (target / load)).toBeLessThan(0.02);
      const measured = sum(drive(sampler, clock, load, 5));
      expect(Math.abs(measured - target * 5)).toBeLessThanOrEqual(target * 5 * 0.1);
    }
    // below the target, everything is kept (the ceiling, 1)
    drive(sampler, clock, 200, 8);
    expect(sampler.stats().ratio).toBe(1);
    expect(sum(drive(sampler, clock, 200, 5))).toBe(1000);
    expect(sampler.stats().observedPerSecond).toBeCloseTo(200, -1);
  }, 30_000);

  test('decisions are the trace-id ratio rule at the current ratio: the same id gets the same answer', () => {
    const clock = manualClock();
    const sampler = adaptive({ perSecond: 250, clock });
    drive(sampler, clock, 1000, 10); // settles at 0.25
    expect(sampler.stats().ratio).toBeCloseTo(0.25, 3);
    clock.advance(-900); // stay inside the current window so the ratio holds still
    const ratio = sampler.stats().ratio;
    const ids = Array.from({ length: 400 }, () => generateTraceId());
    const first = ids.map((id) => isSampled(sampler, id));
    expect(ids.map((id) => isSampled(sampler, id))).toEqual(first);
    // computed independently from R ≥ (1 − p) · 2^56, with p as a fraction of 10^9
    const numerator = Math.round(ratio * 1e9);
    expect(first).toEqual(ids.map((id) => keptAtRatio(id, numerator, 1e9)));
  });

  test('floor and ceiling bound the ratio whatever the traffic', () => {
    const clock = manualClock();
    const floored = adaptive({ perSecond: 100, minRatio: 0.2, clock });
    drive(floored, clock, 20_000, 6);
    expect(floored.stats().ratio).toBe(0.2);
    const kept = sum(drive(floored, clock, 20_000, 2)); // ~8,000, far above the target of 200
    expect(Math.abs(kept - 8000)).toBeLessThan(8000 * 0.05);

    const ceiled = adaptive({ perSecond: 1000, maxRatio: 0.5, clock });
    expect(ceiled.stats().ratio).toBe(0.5); // before the first window closes: the ceiling
    drive(ceiled, clock, 100, 4);
    expect(ceiled.stats().ratio).toBe(0.5);
  });

  test('after a quiet spell the ratio climbs back to the ceiling', () => {
    const clock = manualClock();
    const sampler = adaptive({ perSecond: 10, clock });
    drive(sampler, clock, 10_000, 6);
    expect(sampler.stats().ratio).toBeLessThan(0.01);
    const busy = sampler.stats().ratio;
    clock.advance(3000);
    isSampled(sampler, generateTraceId());
    expect(sampler.stats().ratio).toBeGreaterThan(busy);
    // one long window counts as that many quiet windows, not as one: the busy estimate is forgotten
    clock.advance(60_000);
    isSampled(sampler, generateTraceId());
    expect(sampler.stats().ratio).toBe(1);
  });

  test('stats count decisions; description', () => {
    const clock = manualClock();
    const sampler = adaptive({ perSecond: 50, clock, windowMillis: 500 });
    const counts = drive(sampler, clock, 1000, 3);
    const { sampled, dropped } = sampler.stats();
    expect(sampled).toBe(sum(counts));
    expect(sampled + dropped).toBe(3000);
    expect(String(adaptive(25))).toBe('Adaptive{25}');
  });

  test('invalid options throw TW_ERR_INVALID_OPTION at setup', () => {
    for (const bad of [0, -1, NaN, Infinity, '5', null]) expectInvalidOption(() => adaptive(bad as number));
    expectInvalidOption(() => adaptive({ perSecond: 10, minRatio: -0.1 }));
    expectInvalidOption(() => adaptive({ perSecond: 10, maxRatio: 1.5 }));
    expectInvalidOption(() => adaptive({ perSecond: 10, minRatio: 0.6, maxRatio: 0.5 }));
    expectInvalidOption(() => adaptive({ perSecond: 10, windowMillis: 0 }));
    expectInvalidOption(() => adaptive({ perSecond: 10, clock: 'now' as never }));
  });
});
