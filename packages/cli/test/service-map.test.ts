import { percentile } from '../src/analyse/percentile';
import { analyseSpecs } from './helpers/analyse-file';
import { KIND, type SpanSpec } from './helpers/span-files';
import { DEEP_ERROR, MISSING_PARENT, PARALLEL, SKEW } from './helpers/traces';

describe('service map', () => {
  it('edges from CLIENT spans to their SERVER children, with calls, errors and nearest-rank p50/p99', async () => {
    const { serviceMap } = await analyseSpecs(DEEP_ERROR);
    // gateway's two CLIENT calls last 45 and 20 ms, the first failed; orders' one call 35 ms, failed
    expect(serviceMap).toEqual([
      { from: 'gateway', to: 'orders', via: 'server-span', calls: 2, errors: 1, errorRate: 0.5, p50: 20, p99: 45 },
      { from: 'orders', to: 'inventory', via: 'server-span', calls: 1, errors: 1, errorRate: 1, p50: 35, p99: 35 },
    ]);
  });

  it('a call fails when its server span failed even though the client span did not', async () => {
    const specs: SpanSpec[] = [
      { id: 'c', service: 'web', kind: KIND.CLIENT, start: 0, end: 10 },
      { id: 's', parent: 'c', service: 'api', kind: KIND.SERVER, start: 1, end: 9, error: '500' },
    ];
    const { serviceMap } = await analyseSpecs(specs);
    expect(serviceMap).toMatchObject([{ from: 'web', to: 'api', calls: 1, errors: 1 }]);
  });

  it('falls back to server.address:server.port, then peer.service, when the server span is missing', async () => {
    expect((await analyseSpecs(MISSING_PARENT)).serviceMap).toEqual([
      { from: 'frontend', to: 'payments.internal:8443', via: 'server.address', calls: 1, errors: 0, errorRate: 0, p50: 70, p99: 70 },
    ]);
    const specs: SpanSpec[] = [
      { id: 'r', service: 'web', start: 0, end: 100 },
      { id: 'p', parent: 'r', service: 'web', kind: KIND.CLIENT, start: 0, end: 10, attributes: { 'peer.service': 'billing', 'server.address': '10.0.0.7' } },
      { id: 'u', parent: 'r', service: 'web', kind: KIND.CLIENT, start: 10, end: 30, error: 'ECONNREFUSED' },
    ];
    expect((await analyseSpecs(specs)).serviceMap).toEqual([
      { from: 'web', to: '(unknown)', via: 'unknown', calls: 1, errors: 1, errorRate: 1, p50: 20, p99: 20 },
      { from: 'web', to: 'billing', via: 'peer.service', calls: 1, errors: 0, errorRate: 0, p50: 10, p99: 10 },
    ]);
  });

  it('no CLIENT spans, no edges; a skewed server span still makes its edge', async () => {
    expect((await analyseSpecs(PARALLEL)).serviceMap).toEqual([]);
    expect((await analyseSpecs(SKEW)).serviceMap).toMatchObject([{ from: 'frontend', to: 'checkout', calls: 1, p50: 80 }]);
  });
});

describe('nearest-rank percentile', () => {
  it('is sorted[ceil(p/100 · n) − 1]', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([10, 20, 30, 40], 99)).toBe(40);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('self time by service', () => {
  it('a parent does not count the time its children cover; shares add up to 1', async () => {
    // SKEW after the shift: r 100 − c 80 = 20; c 80 − s 50 = 30; s 50 − q 32 = 18; q 32
    const { breakdown } = await analyseSpecs(SKEW);
    const byService = Object.fromEntries(breakdown.map((entry) => [entry.service, entry]));
    expect(byService.frontend!.selfTime).toBeCloseTo(50, 6);
    expect(byService.checkout!.selfTime).toBeCloseTo(50, 6);
    expect(byService.frontend!.spans).toBe(2);
    expect(breakdown.reduce((sum, entry) => sum + entry.share, 0)).toBeCloseTo(1, 9);
  });

  it('parallel children overlap: the parent loses their union once, each child keeps its own time', async () => {
    // root 100 − union(5–60, 5–95) = 10; children 55 and 90
    const { trace } = await analyseSpecs(PARALLEL);
    expect(trace.spans.map((span) => Math.round(span.selfTime * 1000) / 1000)).toEqual([10, 90, 55]);
  });

  it('DEEP_ERROR by service, computed by hand', async () => {
    // gateway: r 100 − (co 45 + c2 20 + au 10) = 25, co 45−43 = 2, c2 20−18 = 2, au 10 → 39
    // orders: o 43−35 = 8, ci 35−33 = 2, o2 18 → 28; inventory: i 33−28 = 5, d 28 → 33
    const { breakdown } = await analyseSpecs(DEEP_ERROR);
    expect(breakdown.map((entry) => [entry.service, Math.round(entry.selfTime * 1000) / 1000, entry.spans])).toEqual([
      ['gateway', 39, 4],
      ['inventory', 33, 2],
      ['orders', 28, 3],
    ]);
  });
});
