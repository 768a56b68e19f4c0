import { join } from 'node:path';
import { active, run, withSpan } from '../../src/context/store';
import { FLUSH_OK } from '../../src/processing/export-call';
import { SpanStatusCode, type ReadableSpan, type SpanProcessor, type TraceContext } from '../../src/types';
import { assertBuilt, PACKAGES_DIR, spawnNode } from '../../../../test-support/node-child';
import { sleep } from '../../../../test-support/timing';
import { tailHarness, type TailHarness } from './tail-support';

/** Waits (bounded, generously for a loaded machine) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !done(); attempt++) await sleep(10);
  expect(done()).toBe(true);
}

/** Records the context each onEnd runs in. */
function contextRecorder(): SpanProcessor & { contexts: Array<TraceContext | undefined> } {
  return {
    contexts: [],
    onStart() {},
    onEnd(_span: ReadableSpan) {
      this.contexts.push(active());
    },
    forceFlush: () => Promise.resolve(FLUSH_OK),
    shutdown: () => Promise.resolve(FLUSH_OK),
  };
}

const decided = (h: TailHarness) => () => h.tail.stats().sampling.heldTraces === 0;

describe('TailSamplingProcessor timeouts', () => {
  test('a trace whose root does not end is decided after timeoutMillis, outside any request context', async () => {
    const seen = contextRecorder();
    const h = tailHarness({ timeoutMillis: 30 }, { next: [seen] });
    const roots = h.tracer.startActiveSpan('request', (request) => {
      // both traces are held inside a request's context; the timer must not carry it
      const failing = h.tracer.startSpan('root', { root: true });
      const child = h.tracer.startSpan('child', {}, withSpan(active(), failing));
      child.setStatus({ code: SpanStatusCode.ERROR });
      child.end();
      const quiet = h.tracer.startSpan('root', { root: true });
      h.tracer.startSpan('child', {}, withSpan(active(), quiet)).end();
      request.end();
      return { failing, quiet };
    });
    await until(decided(h));
    expect(h.tail.stats().sampling).toMatchObject({ timedOut: 2, kept: { error: 1 }, dropped: 2 });
    // dropped: the request span's own local trace when it ended, and the quiet trace at its timeout
    const exported = await h.exported();
    expect(exported.map((span) => span.spanContext().traceId)).toEqual([roots.failing.spanContext().traceId]);
    expect(seen.contexts).toEqual([undefined]);
    // roots ending after the timeout follow their trace's decision
    roots.failing.end();
    roots.quiet.end();
    expect((await h.exported()).map((span) => [span.name, span.attributes['tracewire.sampling.reason']])).toEqual([
      ['child', undefined],
      ['root', 'error'],
    ]);
  });

  test('a trace held past slowMillis is slow even though its root never ended', async () => {
    const h = tailHarness({ timeoutMillis: 20, rules: { slowMillis: 1000 } });
    const root = h.tracer.startSpan('root', { startTime: Date.now() - 5000 });
    h.tracer.startSpan('child', { startTime: Date.now() - 4000 }, withSpan(undefined, root)).end();
    const young = h.tracer.startSpan('root');
    h.tracer.startSpan('child', {}, withSpan(undefined, young)).end();
    await until(decided(h));
    expect(h.tail.stats().sampling).toMatchObject({ timedOut: 2, kept: { slow: 1 }, dropped: 1 });
  });

  test('timeoutMillis 0: no timeout, the caps alone bound memory', async () => {
    const h = tailHarness({ timeoutMillis: 0 });
    run(undefined, () => {
      const root = h.tracer.startSpan('root');
      h.tracer.startSpan('child', {}, withSpan(undefined, root)).end();
    });
    await sleep(50);
    expect(h.tail.stats().sampling).toMatchObject({ heldTraces: 1, timedOut: 0 });
  });

  test('held traces never keep the process alive (the timer is unref\'d)', async () => {
    assertBuilt('core');
    const script = `
      const core = require(${JSON.stringify(join(PACKAGES_DIR, 'core', 'dist', 'index.js'))});
      const tail = new core.TailSamplingProcessor({ next: new core.SimpleSpanProcessor(new core.InMemorySpanExporter()), timeoutMillis: 600000 });
      const tracer = core.createTracer({ env: {}, spanProcessors: [tail] });
      const root = tracer.startSpan('root');
      tracer.startSpan('child', {}, core.withSpan(undefined, root)).end();
      console.log('held ' + tail.stats().sampling.heldTraces);
    `;
    const child = spawnNode(script, { cwd: PACKAGES_DIR });
    let limit: NodeJS.Timeout | undefined;
    try {
      await child.line((line) => line === 'held 1');
      const stillRunning = new Promise<string>((resolve) => (limit = setTimeout(resolve, 15_000, 'still running')));
      expect(await Promise.race([child.exited, stillRunning])).toEqual({ code: 0, signal: null });
    } finally {
      clearTimeout(limit);
      child.kill();
    }
  });
});
