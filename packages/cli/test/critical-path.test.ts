import { analyseSpecs, pathTimes, segmentsOf } from './helpers/analyse-file';
import { GAP, MISSING_PARENT, PARALLEL, SEQUENTIAL, SKEW } from './helpers/traces';
import { KIND, spanId, type SpanSpec } from './helpers/span-files';

// The expected paths are worked out by hand in helpers/traces.ts, from the rule in the README.
describe('critical path and bottleneck of hand-built traces', () => {
  it('sequential calls: each call in turn, the gaps around them are the root\'s', async () => {
    const analysis = await analyseSpecs(SEQUENTIAL);
    expect(segmentsOf(analysis)).toEqual([
      ['GET /checkout', 0, 10],
      ['load cart', 10, 40],
      ['charge', 40, 90],
      ['GET /checkout', 90, 100],
    ]);
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('charge');
    expect(analysis.criticalPath.bottleneck?.time).toBeCloseTo(50, 6);
    expect(analysis.criticalPath.duration).toBeCloseTo(100, 6);
  });

  it('parallel calls: only the one that finished last is on the path', async () => {
    const analysis = await analyseSpecs(PARALLEL);
    expect(segmentsOf(analysis)).toEqual([
      ['GET /search', 0, 5],
      ['query ads', 5, 95],
      ['GET /search', 95, 100],
    ]);
    expect(pathTimes(analysis)).toEqual({ 'GET /search': 10, 'query ads': 90 });
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('query ads');
  });

  it('a gap between spans is the parent\'s own time and can make the parent the bottleneck', async () => {
    const analysis = await analyseSpecs(GAP);
    expect(segmentsOf(analysis)).toEqual([
      ['fetch', 0, 20],
      ['GET /report', 20, 70],
      ['render', 70, 90],
      ['GET /report', 90, 100],
    ]);
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('GET /report');
    expect(analysis.criticalPath.bottleneck?.time).toBeCloseTo(60, 6);
  });

  it('a few ms of clock skew on another service: the server span is shifted into its client span', async () => {
    const analysis = await analyseSpecs(SKEW);
    expect(segmentsOf(analysis)).toEqual([
      ['POST /order', 0, 10],
      ['POST /checkout', 10, 20],
      ['SELECT stock', 20, 52],
      ['POST /checkout', 52, 60],
      ['POST checkout', 60, 90],
      ['POST /order', 90, 100],
    ]);
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('SELECT stock');
    const server = analysis.trace.byId.get(spanId('s'))!;
    const query = analysis.trace.byId.get(spanId('q'))!;
    // the recorded times stay as they were (the waterfall shows them); the shift moves the subtree
    expect([server.start, server.end]).toEqual([7, 57]);
    expect(server.skewShift).toBeCloseTo(3, 6);
    expect(query.skewShift).toBeCloseTo(3, 6);
    expect([query.adjStart, query.adjEnd].map((t) => Math.round(t * 1000) / 1000)).toEqual([20, 52]);
  });

  it('with --skew-tolerance 0 the same trace is only clamped, and the answer changes as computed by hand', async () => {
    const analysis = await analyseSpecs(SKEW, { skewToleranceMs: 0 });
    expect(segmentsOf(analysis)).toEqual([
      ['POST /order', 0, 10],
      ['POST /checkout', 10, 17],
      ['SELECT stock', 17, 49],
      ['POST /checkout', 49, 57],
      ['POST checkout', 57, 90],
      ['POST /order', 90, 100],
    ]);
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('POST checkout');
    const server = analysis.trace.byId.get(spanId('s'))!;
    expect(server.skewShift).toBe(0);
    expect(server.skewUnresolved).toBeCloseTo(3, 6);
  });

  it('skew on the same service is not corrected: a child outliving its parent is clamped, not shifted', async () => {
    const specs: SpanSpec[] = [
      { id: 'r', name: 'root', service: 'api', start: 0, end: 50 },
      { id: 'a', parent: 'r', name: 'flush', service: 'api', start: 40, end: 53 },
    ];
    const analysis = await analyseSpecs(specs);
    expect(analysis.trace.byId.get(spanId('a'))!.skewShift).toBe(0);
    expect(segmentsOf(analysis)).toEqual([
      ['root', 0, 40],
      ['flush', 40, 50],
    ]);
  });

  it('a missing parent span: the orphan becomes a marked extra root and the path is the true root\'s', async () => {
    const analysis = await analyseSpecs(MISSING_PARENT);
    const { trace } = analysis;
    expect(trace.root.record.name).toBe('GET /pay');
    expect(trace.roots.map((root) => [root.record.name, root.missingParentId])).toEqual([
      ['GET /pay', undefined],
      ['POST /pay', spanId('dead')],
    ]);
    expect(segmentsOf(analysis)).toEqual([
      ['GET /pay', 0, 10],
      ['POST payments', 10, 80],
      ['GET /pay', 80, 100],
    ]);
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('POST payments');
  });

  it('a trace whose every span has a missing parent uses the earliest orphan as its root', async () => {
    const specs: SpanSpec[] = [
      { id: 'b', parent: 'gone', name: 'late', service: 'x', kind: KIND.SERVER, start: 30, end: 60 },
      { id: 'a', parent: 'gone', name: 'early', service: 'x', kind: KIND.SERVER, start: 10, end: 20 },
    ];
    const analysis = await analyseSpecs(specs);
    expect(analysis.trace.root.record.name).toBe('early');
    expect(analysis.trace.roots.every((root) => root.missingParentId === spanId('gone'))).toBe(true);
    expect(segmentsOf(analysis)).toEqual([['early', 0, 10]]);
  });

  it('nested sequential and parallel work: the path descends into the last-finishing child at each level', async () => {
    // root 0–200: A 10–110 (with A1 20–60 and A2 30–100 in parallel), B 120–190 (with B1 130–150).
    // By hand: root[0,10] A[10,30] A2[30,100] A[100,110] root[110,120] B[120,130] B1[130,150] B[150,190] root[190,200].
    const specs: SpanSpec[] = [
      { id: 'r', name: 'root', service: 'api', start: 0, end: 200 },
      { id: 'a', parent: 'r', name: 'A', service: 'api', start: 10, end: 110 },
      { id: 'a1', parent: 'a', name: 'A1', service: 'api', start: 20, end: 60 },
      { id: 'a2', parent: 'a', name: 'A2', service: 'api', start: 30, end: 100 },
      { id: 'b', parent: 'r', name: 'B', service: 'api', start: 120, end: 190 },
      { id: 'b1', parent: 'b', name: 'B1', service: 'api', start: 130, end: 150 },
    ];
    const analysis = await analyseSpecs(specs);
    expect(segmentsOf(analysis)).toEqual([
      ['root', 0, 10],
      ['A', 10, 30],
      ['A2', 30, 100],
      ['A', 100, 110],
      ['root', 110, 120],
      ['B', 120, 130],
      ['B1', 130, 150],
      ['B', 150, 190],
      ['root', 190, 200],
    ]);
    expect(pathTimes(analysis)).toEqual({ root: 30, A: 30, A2: 70, B: 50, B1: 20 });
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe('A2');
  });

  it('segments always tile the root exactly once, for a deep chain too (no recursion limit)', async () => {
    // deeper than the default call stack allows for one frame per level
    const depth = 20_000;
    const specs: SpanSpec[] = Array.from({ length: depth }, (_, i) => ({
      id: `n${i}`,
      parent: i === 0 ? undefined : `n${i - 1}`,
      name: `level ${i}`,
      service: 'deep',
      start: i * 0.002,
      end: 100 - i * 0.002,
    }));
    const analysis = await analyseSpecs(specs);
    const segments = analysis.criticalPath.segments;
    expect(segments[0]!.start).toBeCloseTo(0, 6);
    expect(segments[segments.length - 1]!.end).toBeCloseTo(100, 6);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBeCloseTo(segments[i - 1]!.end, 6);
    expect(analysis.criticalPath.bottleneck?.span.record.name).toBe(`level ${depth - 1}`);
  });
});
