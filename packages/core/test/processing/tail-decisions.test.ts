import { generateSpanId } from '../../src/ids';
import { RecentDecisions, type Decision } from '../../src/processing/recent-decisions';

const ALL: Decision[] = [null, 'error', 'slow', 'attribute', 'probabilistic'];

describe('RecentDecisions (the tail sampler memory for late spans)', () => {
  test('gives back each kind of decision; unknown keys are undefined', () => {
    const memory = new RecentDecisions(100);
    const keys = ALL.map(() => generateSpanId());
    keys.forEach((key, i) => memory.remember(key, ALL[i]!));
    expect(keys.map((key) => memory.get(key))).toEqual(ALL);
    expect(memory.get(generateSpanId())).toBeUndefined();
    memory.remember(keys[0]!, 'slow'); // a key decided again takes the new decision
    expect(memory.get(keys[0]!)).toBe('slow');
  });

  test('of the last `capacity` decisions most are remembered, and a forgotten one is never answered wrongly', () => {
    const capacity = 5000;
    const memory = new RecentDecisions(capacity);
    const keys = Array.from({ length: 3 * capacity }, () => generateSpanId());
    keys.forEach((key, i) => memory.remember(key, ALL[i % ALL.length]!));
    const recent = keys.slice(-capacity);
    let remembered = 0;
    recent.forEach((key, i) => {
      const answer = memory.get(key);
      if (answer === undefined) return;
      remembered++;
      expect(answer).toBe(ALL[(2 * capacity + i) % ALL.length]);
    });
    // 16,384 buckets of two: a decision is lost once two later ones land in its bucket, so of the
    // last 5,000 about 99 % are still there (Poisson, λ ≤ 0.31); 0.95 leaves a wide margin
    expect(remembered / capacity).toBeGreaterThan(0.95);
    // 100,000 keys never decided: none is taken for a decided one (both 32-bit hashes would have to match)
    expect(Array.from({ length: 100_000 }, () => memory.get(generateSpanId())).filter((d) => d !== undefined)).toEqual([]);
  });
});
