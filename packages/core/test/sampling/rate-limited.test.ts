import { performance } from 'node:perf_hooks';
import { setTimeout as pause } from 'node:timers/promises';
import { createTracer } from '../../src/create-tracer';
import { withSpan } from '../../src/context/store';
import { generateTraceId } from '../../src/ids';
import { parentBased } from '../../src/sampling/parent-based';
import { rateLimited } from '../../src/sampling/rate-limited';
import { TraceFlags, type ReadableSpan, type SpanProcessor, type TraceStateLike } from '../../src/types';
import { FLUSH_OK } from '../../src/processing/export-call';
import { expectInvalidOption, isSampled, manualClock, params } from './sampling-support';

/** Counts the sampled root spans that ended. */
function rootCounter(): SpanProcessor & { sampled: number } {
  return {
    sampled: 0,
    onStart() {},
    onEnd(span: ReadableSpan) {
      if (span.parentSpanId === undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) this.sampled++;
    },
    forceFlush: () => Promise.resolve(FLUSH_OK),
    shutdown: () => Promise.resolve(FLUSH_OK),
  };
}

describe('rateLimited', () => {
  test('a 2-second burst of 50,000 root spans (simulated clock) is held within 10 % of the rate', () => {
    const rate = 1000;
    const clock = manualClock();
    const sampler = rateLimited({ perSecond: rate, clock });
    const spacing = 2000 / 50_000; // ms between arrivals: 25,000 per second, 25× the rate
    let sampled = 0;
    const perWindow = new Array<number>(20).fill(0); // 100 ms windows
    for (let i = 0; i < 50_000; i++) {
      if (isSampled(sampler, generateTraceId())) {
        sampled++;
        perWindow[Math.min(19, Math.floor((i * spacing) / 100))]!++;
      }
      clock.advance(spacing);
    }
    // the token bucket bound: at most burst + rate × time (burst defaults to a tenth of a second's worth)
    expect(sampled).toBeLessThanOrEqual(rate / 10 + rate * 2 + 1);
    expect(Math.abs(sampled - rate * 2)).toBeLessThanOrEqual(rate * 2 * 0.1);
    expect(sampler.stats()).toEqual({ sampled, dropped: 50_000 - sampled });
    // smooth: after the first window (bucket full at start), every 100 ms gets rate × 0.1 ± rounding
    expect(perWindow[0]).toBeLessThanOrEqual(rate / 10 + rate / 10 + 1);
    for (const count of perWindow.slice(1)) {
      expect(count).toBeGreaterThanOrEqual(rate / 10 - 2);
      expect(count).toBeLessThanOrEqual(rate / 10 + 2);
    }
  });

  test('a 2-second burst of 50,000 root spans on the real clock, through a tracer under parentBased', async () => {
    const rate = 500;
    const counter = rootCounter();
    const tracer = createTracer({ register: false, env: {}, sampler: parentBased({ root: rateLimited(rate) }), spanProcessors: [counter] });
    // 50,000 roots paced over 2 s in small slices; stalls of the (shared) machine are measured,
    // since a bucket of a tenth of a second cannot save tokens across a longer pause
    const total = 50_000;
    const start = performance.now();
    let created = 0;
    let last = start;
    let lostToStalls = 0;
    let sampledRoots = 0;
    for (let slice = 0; slice < 20_000 && created < total; slice++) {
      const time = performance.now();
      if (time - last > 100) lostToStalls += time - last - 100;
      last = time;
      const due = Math.min(total, Math.ceil(((time - start) / 2000) * total));
      for (; created < due; created++) {
        const span = tracer.startSpan('root');
        if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) sampledRoots++;
        span.end();
      }
      await pause(1);
    }
    const seconds = (last - start) / 1000;
    expect(created).toBe(total);
    // dropped roots never reach a processor: only the sampled ones do
    const kept = sampledRoots;
    expect(counter.sampled).toBe(kept);
    expect(kept).toBeLessThanOrEqual(rate * seconds * 1.1);
    expect(kept).toBeGreaterThanOrEqual(rate * (seconds - lostToStalls / 1000) * 0.9);
    await tracer.shutdown();
  }, 30_000);

  test('under parentBased only roots take a token; children follow their parent', () => {
    const clock = manualClock();
    const limiter = rateLimited({ perSecond: 10, burst: 2, clock });
    const tracer = createTracer({ register: false, env: {}, sampler: parentBased({ root: limiter }), spanProcessors: [rootCounter()] });
    const roots = Array.from({ length: 5 }, () => tracer.startSpan('root'));
    expect(roots.map((root) => (root.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0)).toEqual([true, true, false, false, false]);
    for (const root of roots) {
      for (let i = 0; i < 3; i++) {
        const child = tracer.startSpan('child', {}, withSpan(undefined, root));
        expect(child.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(root.spanContext().traceFlags & TraceFlags.SAMPLED);
      }
    }
    expect(limiter.stats()).toEqual({ sampled: 2, dropped: 3 });
    clock.advance(100); // one token back at 10 per second
    expect(isSampled(limiter, generateTraceId())).toBe(true);
    expect(isSampled(limiter, generateTraceId())).toBe(false);
  });

  test('the bucket never holds more than `burst`, however long the quiet spell', () => {
    const clock = manualClock();
    const limiter = rateLimited({ perSecond: 100, burst: 5, clock });
    clock.advance(60_000);
    const decisions = Array.from({ length: 10 }, () => isSampled(limiter, generateTraceId()));
    expect(decisions.filter(Boolean)).toHaveLength(5);
    // a clock that steps back refills nothing and breaks nothing
    clock.advance(-10_000);
    expect(isSampled(limiter, generateTraceId())).toBe(false);
  });

  test("default burst is a tenth of a second's worth, at least 1; description; parent's tracestate kept", () => {
    const clock = manualClock();
    const slow = rateLimited({ perSecond: 2, clock });
    expect([isSampled(slow, generateTraceId()), isSampled(slow, generateTraceId())]).toEqual([true, false]);
    const fast = rateLimited({ perSecond: 300, clock });
    expect(Array.from({ length: 40 }, () => isSampled(fast, generateTraceId())).filter(Boolean)).toHaveLength(30);
    expect(String(rateLimited(100))).toBe('RateLimited{100}');
    const state: TraceStateLike = { get: () => undefined, set: () => state, unset: () => state, serialize: () => 'v=1', size: 1 };
    const traceId = generateTraceId();
    expect(rateLimited(1).shouldSample(params(traceId, { traceState: state, isRemote: true })).traceState).toBe(state);
  });

  test('invalid options throw TW_ERR_INVALID_OPTION at setup', () => {
    for (const bad of [0, -1, NaN, Infinity, '5', null, undefined]) expectInvalidOption(() => rateLimited(bad as number));
    expectInvalidOption(() => rateLimited({ perSecond: 10, burst: 0.5 }));
    expectInvalidOption(() => rateLimited({ perSecond: 10, clock: 5 as never }));
  });
});
