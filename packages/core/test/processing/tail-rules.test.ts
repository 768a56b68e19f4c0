import { active, currentIds, withSpan } from '../../src/context/store';
import { inject } from '../../src/propagation/api';
import { FLUSH_OK } from '../../src/processing/export-call';
import { SAMPLING_REASON_ATTRIBUTE } from '../../src/processing/tail-rules';
import { TailSamplingProcessor } from '../../src/processing/tail-sampling-processor';
import { SamplingDecision, SpanStatusCode, type ReadableSpan, type SpanProcessor } from '../../src/types';
import { captureDiagnostics } from '../helpers/capture-diagnostics';
import { expectInvalidOption, keptAtRatio } from '../sampling/sampling-support';
import { byTrace, localTrace, tailHarness } from './tail-support';

/** A processor that records what it is handed. */
function recorder(): SpanProcessor & { started: ReadableSpan[]; ended: ReadableSpan[]; shutdowns: number } {
  return {
    started: [],
    ended: [],
    shutdowns: 0,
    onStart(span) {
      this.started.push(span);
    },
    onEnd(span) {
      this.ended.push(span);
    },
    forceFlush: () => Promise.resolve(FLUSH_OK),
    shutdown() {
      this.shutdowns++;
      return Promise.resolve(FLUSH_OK);
    },
  };
}

const reasonOf = (spans: readonly ReadableSpan[]) => spans.find((span) => span.name === 'root')?.attributes[SAMPLING_REASON_ATTRIBUTE];

describe('TailSamplingProcessor rules', () => {
  test('every error trace and every slow trace is kept whole, and the configured share of the rest', async () => {
    const h = tailHarness({ rules: { slowMillis: 1000, ratio: 0.1 } });
    const errors: string[] = [];
    const slow: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (i % 40 === 0) errors.push(localTrace(h.tracer, { error: i % 80 === 0 ? 'root' : 'child' }));
      else if (i % 40 === 1) slow.push(localTrace(h.tracer, { durationMillis: 1500 }));
      else rest.push(localTrace(h.tracer));
    }
    const traces = byTrace(await h.exported());
    for (const id of errors) {
      expect(traces.get(id)).toHaveLength(3);
      expect(reasonOf(traces.get(id)!)).toBe('error');
    }
    for (const id of slow) {
      expect(traces.get(id)).toHaveLength(3);
      expect(reasonOf(traces.get(id)!)).toBe('slow');
    }
    // the share is the R ≥ T rule on the trace id (computed here on its own): exactly those are kept
    const inShare = rest.filter((id) => keptAtRatio(id, 1, 10));
    expect(rest.filter((id) => traces.has(id))).toEqual(inShare);
    for (const id of inShare) {
      expect(traces.get(id)).toHaveLength(3);
      expect(reasonOf(traces.get(id)!)).toBe('probabilistic');
    }
    // random ids: the kept share of 19,000 is binomial (mean 1,900, sd 41); ±10 % (190) is over 4.5 sd
    expect(Math.abs(inShare.length - 1900)).toBeLessThanOrEqual(190);
    expect(h.tail.stats()).toMatchObject({
      exported: (errors.length + slow.length + inShare.length) * 3,
      sampling: {
        kept: { error: 500, slow: 500, attribute: 0, probabilistic: inShare.length },
        dropped: rest.length - inShare.length,
        spansKept: (1000 + inShare.length) * 3,
        spansDropped: (rest.length - inShare.length) * 3,
        heldTraces: 0,
        heldSpans: 0,
      },
    });
  }, 60_000);

  test('attribute rule: any span of the local trace, exact values, RegExps and list-valued attributes', async () => {
    const h = tailHarness({ rules: { attributes: { 'http.route': ['/checkout', /^\/admin\//g], 'app.tier': 'gold', 'app.flags': true } } });
    const kept = [
      localTrace(h.tracer, { rootAttributes: { 'http.route': '/checkout' } }),
      localTrace(h.tracer, { childAttributes: { 'http.route': '/admin/users' } }),
      localTrace(h.tracer, { childAttributes: { 'http.route': '/admin/x' } }), // a /g RegExp keeps no state between spans
      localTrace(h.tracer, { childAttributes: { 'app.tier': ['silver', 'gold'] } }),
      localTrace(h.tracer, { childAttributes: { 'app.flags': true } }),
    ];
    const dropped = [
      localTrace(h.tracer, { rootAttributes: { 'http.route': '/checkout/step2' } }),
      localTrace(h.tracer, { childAttributes: { 'http.route': '/users/admin/' } }),
      localTrace(h.tracer, { childAttributes: { 'app.tier': 'silver', 'app.flags': 'true' } }),
      localTrace(h.tracer, { childAttributes: { other: '/checkout' } }),
    ];
    const traces = byTrace(await h.exported());
    for (const id of kept) expect(reasonOf(traces.get(id) ?? [])).toBe('attribute');
    for (const id of dropped) expect(traces.has(id)).toBe(false);
  });

  test('the reason is the first rule that matched: error, slow, attribute, probabilistic', async () => {
    const h = tailHarness({ rules: { slowMillis: 100, attributes: { 'http.route': '/x' }, ratio: 1 } });
    const all = { durationMillis: 500, error: 'child' as const, rootAttributes: { 'http.route': '/x' } };
    const ids = [
      localTrace(h.tracer, all),
      localTrace(h.tracer, { ...all, error: undefined }),
      localTrace(h.tracer, { ...all, error: undefined, durationMillis: 5 }),
      localTrace(h.tracer),
    ];
    const traces = byTrace(await h.exported());
    expect(ids.map((id) => reasonOf(traces.get(id)!))).toEqual(['error', 'slow', 'attribute', 'probabilistic']);
  });

  test('errors: false turns the error rule off; with no rule at all, nothing is kept', async () => {
    const h = tailHarness({ rules: { errors: false } });
    localTrace(h.tracer, { error: 'root' });
    expect(await h.exported()).toHaveLength(0);
    expect(h.tail.stats().sampling.dropped).toBe(1);
  });

  test('only the kept root carries the reason; the span the app holds is not changed', async () => {
    const h = tailHarness();
    const root = h.tracer.startSpan('root');
    const child = h.tracer.startSpan('child', {}, withSpan(undefined, root));
    child.setStatus({ code: SpanStatusCode.ERROR });
    child.end();
    root.end();
    const spans = await h.exported();
    expect(spans.map((span) => [span.name, span.attributes[SAMPLING_REASON_ATTRIBUTE]])).toEqual([['child', undefined], ['root', 'error']]);
    const exportedRoot = spans[1]!;
    expect(exportedRoot.spanContext()).toEqual(root.spanContext());
    expect((root as unknown as ReadableSpan).attributes[SAMPLING_REASON_ATTRIBUTE]).toBeUndefined();
    expect(exportedRoot.endTime).toBe((root as unknown as ReadableSpan).endTime);
  });

  test('spans ending after their local root follow its decision', async () => {
    const h = tailHarness();
    const keptRoot = h.tracer.startSpan('root');
    const droppedRoot = h.tracer.startSpan('root');
    const lateKept = h.tracer.startSpan('late', {}, withSpan(undefined, keptRoot));
    const lateDropped = h.tracer.startSpan('late', {}, withSpan(undefined, droppedRoot));
    keptRoot.setStatus({ code: SpanStatusCode.ERROR });
    keptRoot.end();
    droppedRoot.end();
    lateKept.end();
    lateDropped.setStatus({ code: SpanStatusCode.ERROR }); // too late: its trace was decided without it
    lateDropped.end();
    const traces = byTrace(await h.exported());
    expect(traces.get(keptRoot.spanContext().traceId)?.map((span) => span.name)).toEqual(['root', 'late']);
    expect(traces.has(droppedRoot.spanContext().traceId)).toBe(false);
    expect(h.tail.stats().sampling).toMatchObject({ spansKept: 2, spansDropped: 2, heldTraces: 0 });
  });

  test('logs keep their ids and downstream gets the head decision, whatever the tail decides', async () => {
    const h = tailHarness(); // nothing but errors kept: this trace is dropped
    const headers: Record<string, string> = {};
    const ids = h.tracer.startActiveSpan('root', (span) => {
      inject(active(), headers);
      return { seen: currentIds(), span: span.spanContext() };
    });
    expect(await h.exported()).toHaveLength(0);
    expect(h.tail.stats().sampling.dropped).toBe(1);
    expect(ids.seen).toMatchObject({ traceId: ids.span.traceId, spanId: ids.span.spanId, traceFlags: '03', sampled: true });
    expect(headers.traceparent).toBe(`00-${ids.span.traceId}-${ids.span.spanId}-03`);
  });

  test('onStart reaches every next processor for every span; a throwing one is reported and skipped', async () => {
    const diagnostics = captureDiagnostics();
    const seen = recorder();
    const broken: SpanProcessor = { ...recorder(), onEnd: () => { throw new Error('broken'); } };
    const h = tailHarness({}, { next: [broken, seen] });
    localTrace(h.tracer, { error: 'child' });
    localTrace(h.tracer);
    expect(seen.started).toHaveLength(6);
    expect(seen.ended.map((span) => span.name)).toEqual(['child-1', 'child-2', 'root']);
    expect(diagnostics.reported.filter((r) => r.where === 'SpanProcessor.onEnd')).toHaveLength(3);
    expect(await h.exported()).toHaveLength(3);
  });

  test('RECORD_ONLY head decisions: held and decided, handed on when kept, but the batch processor exports none', async () => {
    const seen = recorder();
    const recordOnly = { shouldSample: () => ({ decision: SamplingDecision.RECORD_ONLY }), toString: () => 'RecordOnly' };
    const h = tailHarness({}, { sampler: recordOnly, next: [seen] });
    const headers: Record<string, string> = {};
    h.tracer.startActiveSpan('root', (span) => {
      inject(active(), headers);
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    expect(seen.ended).toHaveLength(1);
    expect(h.tail.stats().sampling.kept.error).toBe(1);
    expect(await h.exported()).toHaveLength(0);
    expect(headers.traceparent).toMatch(/-02$/); // downstream: not sampled
  });

  test('forceFlush passes through and keeps held traces; shutdown decides them, then shuts next down', async () => {
    const seen = recorder();
    const h = tailHarness({}, { next: [seen] });
    const root = h.tracer.startSpan('root');
    const child = h.tracer.startSpan('child', {}, withSpan(undefined, root));
    child.setStatus({ code: SpanStatusCode.ERROR });
    child.end();
    expect((await h.tail.forceFlush()).ok).toBe(true);
    expect(h.tail.stats().sampling).toMatchObject({ heldTraces: 1, heldSpans: 1 });
    expect((await h.tracer.shutdown()).ok).toBe(true);
    expect(seen.shutdowns).toBe(1);
    expect(h.exporter.getFinishedSpans().map((span) => span.name)).toEqual(['child']);
    expect(h.tail.stats().sampling).toMatchObject({ heldTraces: 0, kept: { error: 1 } });
    root.end(); // after shutdown: ignored
    h.tail.onEnd(root as unknown as ReadableSpan);
    expect(seen.ended).toHaveLength(1);
    expect(h.tail.shutdown()).toBe(h.tail.shutdown());
  });

  test('invalid options throw TW_ERR_INVALID_OPTION at setup', () => {
    const next = recorder();
    const bad: unknown[] = [
      undefined,
      {},
      { next: {} },
      { next: [next, 'batch'] },
      { next, maxTraces: 0 },
      { next, maxSpans: 1.5 },
      { next, timeoutMillis: -1 },
      { next, rules: 'errors' },
      { next, rules: { errors: 'yes' } },
      { next, rules: { slowMillis: -5 } },
      { next, rules: { slowMillis: Infinity } },
      { next, rules: { ratio: 2 } },
      { next, rules: { attributes: { 'http.route': [] } } },
      { next, rules: { attributes: { 'http.route': { path: '/x' } } } },
      { next, rules: { attributes: { 'http.status': NaN } } },
    ];
    for (const options of bad) expectInvalidOption(() => new TailSamplingProcessor(options as never));
  });
});
