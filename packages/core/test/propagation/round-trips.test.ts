import { ROOT_CONTEXT, withSpan } from '../../src/context/store';
import { createTracer } from '../../src/create-tracer';
import { extract, getPropagator, inject, propagatorFromEnv, setPropagator } from '../../src/propagation/api';
import { createPropagator, knownPropagatorNames } from '../../src/propagation/by-name';
import type { TextMapPropagator, TraceContext } from '../../src/types';
import { captureDiagnostics, type CapturedDiagnostics } from '../helpers/capture-diagnostics';
import { P, S, T16, T16_PADDED, T32, extractWith, injectWith, startedSpans } from './formats';

/** Extracts `headers` with `from`, starts the service's span in the result, and injects it with `to`. */
function hop(from: string[], headers: Record<string, string>, to: string[]): { out: Record<string, string>; spanId: string; parent: TraceContext } {
  const parent = extractWith(createPropagator(from), headers);
  const { span } = startedSpans().start(parent);
  return { out: injectWith(createPropagator(to), withSpan(parent, span)), spanId: span.spanContext().spanId, parent };
}

describe('round trips between formats: same ids and flags, the span id replaced by the new span', () => {
  test.each([
    ['b3 → tracecontext', ['b3'], { b3: `${T32}-${S}-1` }, ['tracecontext'], (id: string) => ({ traceparent: `00-${T32}-${id}-01` })],
    ['b3 (64-bit, deny) → tracecontext', ['b3'], { b3: `${T16}-${S}-0` }, ['tracecontext'], (id: string) => ({ traceparent: `00-${T16_PADDED}-${id}-00` })],
    ['tracecontext → b3', ['tracecontext'], { traceparent: `00-${T32}-${S}-01` }, ['b3'], (id: string) => ({ b3: `${T32}-${id}-1` })],
    ['tracecontext (random flag) → b3multi', ['tracecontext'], { traceparent: `00-${T32}-${S}-02` }, ['b3multi'],
      (id: string) => ({ 'x-b3-traceid': T32, 'x-b3-spanid': id, 'x-b3-sampled': '0' })],
    ['jaeger → b3multi', ['jaeger'], { 'uber-trace-id': `${T32}:${S}:0:1` }, ['b3multi'],
      (id: string) => ({ 'x-b3-traceid': T32, 'x-b3-spanid': id, 'x-b3-sampled': '1' })],
    ['b3multi → jaeger', ['b3multi'], { 'x-b3-traceid': T16, 'x-b3-spanid': S, 'x-b3-sampled': '0', 'x-b3-parentspanid': P }, ['jaeger'],
      (id: string) => ({ 'uber-trace-id': `${T16_PADDED}:${id}:0:00` })],
    ['jaeger debug → b3multi debug', ['jaeger'], { 'uber-trace-id': `${T32}:${S}:0:3` }, ['b3multi'],
      (id: string) => ({ 'x-b3-traceid': T32, 'x-b3-spanid': id, 'x-b3-flags': '1' })],
    ['b3 debug → jaeger debug', ['b3'], { b3: `${T32}-${S}-d` }, ['jaeger'], (id: string) => ({ 'uber-trace-id': `${T32}:${id}:0:03` })],
    ['b3 debug → tracecontext (sampled)', ['b3'], { b3: `${T32}-${S}-d` }, ['tracecontext'], (id: string) => ({ traceparent: `00-${T32}-${id}-01` })],
    ['jaeger → tracecontext + baggage', ['jaeger'], { 'uber-trace-id': `${T32}:${S}:0:1`, 'uberctx-user': 'alice' }, ['tracecontext', 'baggage'],
      (id: string) => ({ traceparent: `00-${T32}-${id}-01`, baggage: 'user=alice' })],
    ['baggage → jaeger', ['tracecontext', 'baggage'], { traceparent: `00-${T32}-${S}-01`, baggage: 'user=alice' }, ['jaeger'],
      (id: string) => ({ 'uber-trace-id': `${T32}:${id}:0:01`, 'uberctx-user': 'alice' })],
  ])('%s', (_name, from, headers, to, expected) => {
    const { out, spanId } = hop(from, headers, to);
    expect(spanId).not.toBe(S);
    expect(out).toEqual(expected(spanId));
  });

  test('and back again: tracecontext → b3 → tracecontext keeps the trace and the flags', () => {
    const first = hop(['tracecontext'], { traceparent: `00-${T32}-${S}-01` }, ['b3']);
    const second = hop(['b3'], first.out, ['tracecontext']);
    expect(second.parent.span!.spanContext().spanId).toBe(first.spanId);
    expect(second.out).toEqual({ traceparent: `00-${T32}-${second.spanId}-01` });
  });
});

describe('composite order (§11.1): the last format that finds a span context wins; inject writes all', () => {
  const both = { b3: `${T16}-${P}-0`, traceparent: `00-${T32}-${S}-01` };

  test.each([
    [['b3', 'tracecontext'], T32, S],
    [['tracecontext', 'b3'], T16_PADDED, P],
    [['jaeger', 'b3multi'], T16_PADDED, P],
  ])('%j', (names, traceId, parentId) => {
    const headers = { ...both, 'uber-trace-id': `${T32}:${S}:0:1` };
    expect(extractWith(createPropagator(names), headers).span!.spanContext()).toMatchObject({ traceId, spanId: parentId });
  });

  test('a later format that finds nothing leaves the earlier one standing', () => {
    const headers = { b3: `${T32}-${S}-1`, traceparent: 'garbage' };
    expect(extractWith(createPropagator(['b3', 'tracecontext']), headers).span!.spanContext()).toMatchObject({ traceId: T32, spanId: S });
  });

  test('a deferred B3 parent overridden by a later traceparent is not deferred: the traceparent decides', () => {
    const { start, asked } = startedSpans();
    const context = extractWith(createPropagator(['b3', 'tracecontext']), { b3: `${T16}-${P}`, traceparent: `00-${T32}-${S}-00` });
    expect(start(context).span.spanContext()).toMatchObject({ traceId: T32, traceFlags: 0 });
    expect(asked[0]!.parent).toMatchObject({ spanId: S });
  });

  test('inject writes every format, with the same ids', () => {
    const { out, spanId } = hop(['tracecontext'], { traceparent: `00-${T32}-${S}-01` }, ['b3', 'b3multi', 'jaeger', 'tracecontext', 'xtraceid']);
    expect(out).toEqual({
      b3: `${T32}-${spanId}-1`,
      'x-b3-traceid': T32,
      'x-b3-spanid': spanId,
      'x-b3-sampled': '1',
      'uber-trace-id': `${T32}:${spanId}:0:01`,
      traceparent: `00-${T32}-${spanId}-01`,
    });
  });
});

describe('selecting the formats: OTEL_PROPAGATORS and createTracer({ propagators })', () => {
  let diagnostics: CapturedDiagnostics;
  beforeEach(() => {
    diagnostics = captureDiagnostics();
    setPropagator(undefined);
  });
  afterAll(() => setPropagator(undefined));

  test('the new names are known, in OTEL_PROPAGATORS and in code', () => {
    expect(knownPropagatorNames()).toEqual(expect.arrayContaining(['b3', 'b3multi', 'jaeger', 'xtraceid']));
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: 'b3,tracecontext' }).fields()).toEqual([
      'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags', 'x-b3-parentspanid', 'traceparent', 'tracestate',
    ]);
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: ' JAEGER , B3multi, jaeger ' }).fields()).toEqual([
      'uber-trace-id', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags', 'x-b3-parentspanid', 'b3',
    ]);
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: 'xtraceid' }).fields()).toEqual([]);
    expect(diagnostics.warnings).toEqual([]);
  });

  test('OTEL_PROPAGATORS=b3,tracecontext drives extract and inject', () => {
    setPropagator(propagatorFromEnv({ OTEL_PROPAGATORS: 'b3,tracecontext' }));
    const parent = extract({ b3: `${T32}-${S}-1` });
    const { span } = startedSpans().start(parent);
    const headers: Record<string, string> = {};
    inject(withSpan(parent, span), headers);
    const id = span.spanContext().spanId;
    expect(headers).toEqual({ b3: `${T32}-${id}-1`, traceparent: `00-${T32}-${id}-01` });
  });

  test("createTracer({ propagators: ['jaeger'] }) makes jaeger the process-wide format", () => {
    createTracer({ env: {}, propagators: ['jaeger'] });
    expect(getPropagator().fields()).toEqual(['uber-trace-id']);
    expect(extract({ traceparent: `00-${T32}-${S}-01` })).toBe(ROOT_CONTEXT);
    expect(extract({ 'uber-trace-id': `${T32}:${S}:0:1` }).span!.spanContext()).toMatchObject({ traceId: T32, spanId: S });
    createTracer({ env: { OTEL_PROPAGATORS: 'xtraceid,b3multi' } });
    expect(getPropagator().fields()).toEqual(['x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags', 'x-b3-parentspanid', 'b3']);
  });

  test('unknown names still warn in env (and are skipped) and throw in code', () => {
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: 'b3single,b3,ottrace' }).fields()[0]).toBe('b3');
    expect(diagnostics.warnings).toHaveLength(2);
    expect(diagnostics.warnings[0]).toContain('b3single');
    expect(diagnostics.warnings[0]).toContain('b3multi'); // the warning lists what is known
    expect(diagnostics.warnings[1]).toContain('ottrace');
    const unknown = expect.objectContaining({ code: 'TW_ERR_UNKNOWN_PROPAGATOR' });
    expect(() => createPropagator(['b3', 'uber'])).toThrow(unknown);
    expect(() => createTracer({ env: {}, register: false, propagators: ['jaeger', 'x-trace-id'] })).toThrow(unknown);
  });

  test('propagator objects compose with the new names', () => {
    const seen: string[] = [];
    const spy: TextMapPropagator = { inject: () => undefined, extract: (context) => (seen.push('spy'), context), fields: () => ['x-spy'] };
    createTracer({ env: {}, propagators: ['b3multi', spy] });
    expect(getPropagator().fields().slice(-2)).toEqual(['b3', 'x-spy']);
    extract({});
    expect(seen).toEqual(['spy']);
  });
});
