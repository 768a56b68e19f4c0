import { analyseSpecs } from './helpers/analyse-file';
import { spanId, type SpanSpec } from './helpers/span-files';
import { DEEP_ERROR, SEQUENTIAL } from './helpers/traces';

const ids = (spans: ReadonlyArray<{ record: { spanId: string } }>): string[] => spans.map((span) => span.record.spanId);

describe('error path', () => {
  it('an error deep in the tree: the first failure and the chain of failed ancestors it reached', async () => {
    const { errorPath } = await analyseSpecs(DEEP_ERROR);
    expect(errorPath!.origin.record.spanId).toBe(spanId('d'));
    expect(ids(errorPath!.propagatedTo)).toEqual(['i', 'ci', 'o', 'co', 'r'].map(spanId));
    expect(ids(errorPath!.otherErrors)).toEqual([spanId('au')]);
  });

  it('stops at an ancestor that did not fail: the failure was handled there', async () => {
    const specs: SpanSpec[] = [
      { id: 'r', service: 'api', start: 0, end: 100 },
      { id: 'h', parent: 'r', service: 'api', start: 5, end: 80 },
      { id: 'x', parent: 'h', service: 'api', start: 10, end: 30, error: 'boom' },
    ];
    const { errorPath } = await analyseSpecs(specs);
    expect(errorPath!.origin.record.spanId).toBe(spanId('x'));
    expect(errorPath!.propagatedTo).toEqual([]);
  });

  it('equal end times go to the deeper span', async () => {
    const specs: SpanSpec[] = [
      { id: 'r', service: 'api', start: 0, end: 50, error: true },
      { id: 'c', parent: 'r', service: 'api', start: 10, end: 50, error: true },
    ];
    const { errorPath } = await analyseSpecs(specs);
    expect(errorPath!.origin.record.spanId).toBe(spanId('c'));
    expect(ids(errorPath!.propagatedTo)).toEqual([spanId('r')]);
  });

  it('uses the skew-adjusted clock: a server span that seems to end first only because its clock is behind', async () => {
    // s (payments, clock 4 ms behind) is recorded ending at 26, after shifting at 30; the CLIENT
    // sibling call k on the caller's clock failed at 28, so k failed first.
    const specs: SpanSpec[] = [
      { id: 'r', service: 'shop', start: 0, end: 100 },
      { id: 'c', parent: 'r', service: 'shop', kind: 3, start: 10, end: 40 },
      { id: 's', parent: 'c', service: 'payments', kind: 2, start: 6, end: 26, error: 'declined' },
      { id: 'k', parent: 'r', service: 'shop', start: 12, end: 28, error: 'cache down' },
    ];
    const { errorPath, trace } = await analyseSpecs(specs);
    expect(trace.byId.get(spanId('s'))!.adjEnd).toBeCloseTo(30, 6);
    expect(errorPath!.origin.record.spanId).toBe(spanId('k'));
  });

  it('no failed span, no error path', async () => {
    expect((await analyseSpecs(SEQUENTIAL)).errorPath).toBeUndefined();
  });
});
