import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { withSpan } from '../../src/context/store';
import { SpanStatusCode, type Tracer } from '../../src/types';
import { captureDiagnostics, type CapturedDiagnostics } from '../helpers/capture-diagnostics';
import { tailHarness } from './tail-support';

/** The collector, to measure retained heap rather than garbage (the flag must be set before asking). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function retainedHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A trace whose root never ends: its children end and wait for it. */
function neverEnding(tracer: Tracer, i: number, children = 1, error = false): void {
  const root = tracer.startSpan('root');
  for (let c = 0; c < children; c++) {
    const child = tracer.startSpan('child', { attributes: { 'http.route': '/items/:id', n: i } }, withSpan(undefined, root));
    if (error) child.setStatus({ code: SpanStatusCode.ERROR });
    child.end();
  }
}

const overflowWarnings = (d: CapturedDiagnostics) => d.warnings.filter((w) => w.includes('tail sampling holds'));

describe('TailSamplingProcessor memory bounds', () => {
  test('100,000 never-ending traces: held traces stay within the default caps and the heap stays bounded', async () => {
    const diagnostics = captureDiagnostics();
    const h = tailHarness();
    const before = retainedHeap();
    for (let i = 0; i < 100_000; i++) {
      neverEnding(h.tracer, i);
      if (i % 1000 === 999) {
        const { heldTraces, heldSpans } = h.tail.stats().sampling;
        expect(heldTraces).toBeLessThanOrEqual(5000);
        expect(heldSpans).toBeLessThanOrEqual(20_000);
      }
    }
    const grown = retainedHeap() - before;
    // holding all 100,000 children (what an unbounded buffer does) retains ~60 MB here; the caps hold
    // 5,000 spans plus 5,000 remembered decisions, a few MB
    expect(grown).toBeLessThan(25e6);
    expect(h.tail.stats().sampling).toMatchObject({ heldTraces: 5000, heldSpans: 5000, evicted: 95_000, dropped: 95_000, spansDropped: 95_000 });
    // one warning for the whole overflow episode, not one per evicted trace
    expect(overflowWarnings(diagnostics)).toHaveLength(1);
    expect(await h.exported()).toHaveLength(0);
  }, 60_000);

  test('one trace held for long does not make the 200,000 decided after it linger', () => {
    const h = tailHarness();
    neverEnding(h.tracer, -1); // first in age order, and stays
    const before = retainedHeap();
    for (let i = 0; i < 200_000; i++) {
      const root = h.tracer.startSpan('root');
      h.tracer.startSpan('child', {}, withSpan(undefined, root)).end();
      root.end();
    }
    // ~50 MB here if the age order kept an entry per decided trace behind the long-held one
    expect(retainedHeap() - before).toBeLessThan(15e6);
    expect(h.tail.stats().sampling).toMatchObject({ heldTraces: 1, heldSpans: 1, dropped: 200_000, evicted: 0 });
  }, 60_000);

  test('the span cap binds before the trace cap when traces are wide', () => {
    const h = tailHarness({ maxSpans: 1000 });
    for (let i = 0; i < 2000; i++) {
      neverEnding(h.tracer, i, 10);
      expect(h.tail.stats().sampling.heldSpans).toBeLessThanOrEqual(1000);
    }
    expect(h.tail.stats().sampling).toMatchObject({ heldTraces: 100, heldSpans: 1000, evicted: 1900 });
  }, 60_000);

  test('overflow decides the oldest trace on what it holds: an evicted error trace is still kept, and its root follows later', async () => {
    const h = tailHarness({ maxTraces: 3 });
    const root = h.tracer.startSpan('root');
    const child = h.tracer.startSpan('child', {}, withSpan(undefined, root));
    child.setStatus({ code: SpanStatusCode.ERROR });
    child.end();
    for (let i = 0; i < 5; i++) neverEnding(h.tracer, i);
    expect(h.tail.stats().sampling).toMatchObject({ evicted: 3, kept: { error: 1 }, dropped: 2, heldTraces: 3 });
    root.end();
    const spans = await h.exported();
    expect(spans.map((span) => [span.name, span.attributes['tracewire.sampling.reason']])).toEqual([['child', undefined], ['root', 'error']]);
  });

  test('a new overflow episode is warned about again once the first one is over', () => {
    const diagnostics = captureDiagnostics();
    const h = tailHarness({ maxTraces: 10 });
    const roots = Array.from({ length: 12 }, () => {
      const root = h.tracer.startSpan('root');
      h.tracer.startSpan('child', {}, withSpan(undefined, root)).end();
      return root;
    });
    expect(overflowWarnings(diagnostics)).toHaveLength(1);
    for (const root of roots) root.end(); // held traces decided: down to 0 held
    for (let i = 0; i < 11; i++) neverEnding(h.tracer, i);
    expect(overflowWarnings(diagnostics)).toHaveLength(2);
  });
});
