import { ROOT_CONTEXT, suppressTracing, withSpan } from '../../src/context/store';
import { B3Propagator } from '../../src/propagation/b3';
import { alwaysOff } from '../../src/sampling/always-off';
import { parentBased } from '../../src/sampling/parent-based';
import { traceIdRatio } from '../../src/sampling/trace-id-ratio';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import { SamplingDecision, type TraceContext } from '../../src/types';
import { P, S, T16, T16_PADDED, T32, extractWith, injectWith, observe, remoteParent, startedSpans } from './formats';

const b3 = new B3Propagator();
const b3multi = new B3Propagator({ inject: 'multi' });

describe('B3 single header: extract (§11.2)', () => {
  test.each([
    ['accept', `${T32}-${S}-1`, remoteParent(T32, S, 'accept')],
    ['deny', `${T32}-${S}-0`, remoteParent(T32, S, 'deny')],
    ['debug', `${T32}-${S}-d`, remoteParent(T32, S, 'debug')],
    ['no sampling state: deferred', `${T32}-${S}`, remoteParent(T32, S, 'defer')],
    ['with a parent span id', `${T32}-${S}-1-${P}`, remoteParent(T32, S, 'accept')],
    ['a 64-bit trace id, left-padded', `${T16}-${S}-1`, remoteParent(T16_PADDED, S, 'accept')],
    ['a 64-bit trace id, deferred', `${T16}-${S}`, remoteParent(T16_PADDED, S, 'defer')],
    ['a 128-bit id whose high half is zero', `${T16_PADDED}-${S}-0`, remoteParent(T16_PADDED, S, 'deny')],
    ['OWS around the value', `  ${T32}-${S}-1\t`, remoteParent(T32, S, 'accept')],
  ])('%s', (_name, value, expected) => {
    expect(observe(extractWith(b3, { b3: value }))).toEqual(expected);
  });

  test.each([
    ['empty', ''],
    ['a lone sampling state 0 (no ids)', '0'],
    ['a lone sampling state 1 (no ids)', '1'],
    ['a lone sampling state d (no ids)', 'd'],
    ['a trace id alone', T32],
    ['uppercase trace id', `${T32.toUpperCase()}-${S}-1`],
    ['uppercase span id', `${T32}-${S.toUpperCase()}-1`],
    ['trace id of 31', `${T32.slice(1)}-${S}-1`],
    ['trace id of 33', `${T32}a-${S}-1`],
    ['trace id of 15', `${T16.slice(1)}-${S}-1`],
    ['trace id of 17', `${T16}a-${S}-1`],
    ['span id of 15', `${T32}-${S.slice(1)}-1`],
    ['span id of 17', `${T32}-${S}a-1`],
    ['all-zero trace id', `${'0'.repeat(32)}-${S}-1`],
    ['all-zero 64-bit trace id', `${'0'.repeat(16)}-${S}-1`],
    ['all-zero span id', `${T32}-${'0'.repeat(16)}-1`],
    ['non-hex trace id', `${T32.slice(0, 31)}g-${S}-1`],
    ['sampling state 2', `${T32}-${S}-2`],
    ['sampling state true (lenient only in X-B3-Sampled)', `${T32}-${S}-true`],
    ['empty sampling state', `${T32}-${S}-`],
    ['empty parent span id', `${T32}-${S}-1-`],
    ['parent span id nonsense', `${T32}-${S}-1--`],
    ["uppercase parent span id", `${T32}-${S}-1-${S.toUpperCase()}`],
    ['all-zero parent span id', `${T32}-${S}-1-${'0'.repeat(16)}`],
    ['parent without a sampling state', `${T32}-${S}-${P}`],
    ['a fifth field', `${T32}-${S}-1-${P}-x`],
    ['a traceparent', `00-${T32}-${S}-01`],
  ])('malformed or id-less: %s ⇒ nothing extracted', (_name, value) => {
    const base: TraceContext = { requestId: 'kept' };
    expect(extractWith(b3, { b3: value }, base)).toBe(base);
  });

  test('a repeated header: the first value wins, joined by Node or given as an array', () => {
    expect(observe(extractWith(b3, { b3: `${T32}-${S}-1, ${T16}-${P}-0` }))).toEqual(remoteParent(T32, S, 'accept'));
    expect(observe(extractWith(b3, { b3: [`${T32}-${S}-0`, `${T16}-${P}-1`] }))).toEqual(remoteParent(T32, S, 'deny'));
    // the first value decides even when it is the bad one
    expect(observe(extractWith(b3, { b3: `garbage, ${T32}-${S}-1` }))).toBe('nothing');
  });

  test('the header name is case-insensitive', () => {
    expect(observe(extractWith(b3, { B3: `${T32}-${S}-1` }))).toEqual(remoteParent(T32, S, 'accept'));
  });
});

describe('B3 multi headers: extract (§11.2)', () => {
  const ids = { 'x-b3-traceid': T32, 'x-b3-spanid': S };

  test.each([
    ['sampled 1', { ...ids, 'x-b3-sampled': '1' }, remoteParent(T32, S, 'accept')],
    ['sampled 0', { ...ids, 'x-b3-sampled': '0' }, remoteParent(T32, S, 'deny')],
    ['sampled true (lenient)', { ...ids, 'x-b3-sampled': 'true' }, remoteParent(T32, S, 'accept')],
    ['sampled false (lenient)', { ...ids, 'x-b3-sampled': 'false' }, remoteParent(T32, S, 'deny')],
    ['sampled True (lenient, any case)', { ...ids, 'x-b3-sampled': 'True' }, remoteParent(T32, S, 'accept')],
    ['flags 1: debug, implies sampled', { ...ids, 'x-b3-flags': '1' }, remoteParent(T32, S, 'debug')],
    ['flags 1 wins over sampled 0', { ...ids, 'x-b3-flags': '1', 'x-b3-sampled': '0' }, remoteParent(T32, S, 'debug')],
    ['flags as a Finagle bit field with the debug bit (7)', { ...ids, 'x-b3-flags': '7' }, remoteParent(T32, S, 'debug')],
    ['flags as a Finagle bit field without it (6), sampled 1', { ...ids, 'x-b3-flags': '6', 'x-b3-sampled': '1' }, remoteParent(T32, S, 'accept')],
    ['flags 0 and no sampled: deferred', { ...ids, 'x-b3-flags': '0' }, remoteParent(T32, S, 'defer')],
    ['no sampling state: deferred', ids, remoteParent(T32, S, 'defer')],
    ['64-bit trace id, left-padded', { 'x-b3-traceid': T16, 'x-b3-spanid': S, 'x-b3-sampled': '1' }, remoteParent(T16_PADDED, S, 'accept')],
    ['with a parent span id', { ...ids, 'x-b3-parentspanid': P, 'x-b3-sampled': '1' }, remoteParent(T32, S, 'accept')],
    ['names in any case', { 'X-B3-TraceId': T32, 'X-B3-SPANID': S, 'X-B3-Sampled': '1' }, remoteParent(T32, S, 'accept')],
    ['repeats joined by Node: first wins', { 'x-b3-traceid': `${T32}, ${T16}`, 'x-b3-spanid': `${S}, ${P}`, 'x-b3-sampled': '0, 1' }, remoteParent(T32, S, 'deny')],
    ['repeats as arrays: first wins', { 'x-b3-traceid': [T16, T32], 'x-b3-spanid': [S, P], 'x-b3-sampled': ['1', '0'] }, remoteParent(T16_PADDED, S, 'accept')],
  ])('%s', (_name, headers, expected) => {
    expect(observe(extractWith(b3, headers))).toEqual(expected);
  });

  test.each([
    ['nothing at all', {}],
    ['sampled alone (no ids)', { 'x-b3-sampled': '1' }],
    ['flags alone (no ids)', { 'x-b3-flags': '1' }],
    ['trace id without span id', { 'x-b3-traceid': T32, 'x-b3-sampled': '1' }],
    ['span id without trace id', { 'x-b3-spanid': S, 'x-b3-sampled': '1' }],
    ['empty trace id', { ...ids, 'x-b3-traceid': '' }],
    ['empty span id', { ...ids, 'x-b3-spanid': '' }],
    ['uppercase trace id', { ...ids, 'x-b3-traceid': T32.toUpperCase() }],
    ['all-zero trace id', { ...ids, 'x-b3-traceid': '0'.repeat(32) }],
    ['all-zero 64-bit trace id', { ...ids, 'x-b3-traceid': '0'.repeat(16) }],
    ['all-zero span id', { ...ids, 'x-b3-spanid': '0'.repeat(16) }],
    ['trace id of 20', { ...ids, 'x-b3-traceid': T32.slice(0, 20) }],
    ['parent span id "-"', { ...ids, 'x-b3-parentspanid': '-' }],
    ['empty parent span id', { ...ids, 'x-b3-parentspanid': '' }],
    ['all-zero parent span id', { ...ids, 'x-b3-parentspanid': '0'.repeat(16) }],
    ['empty sampled', { ...ids, 'x-b3-sampled': '' }],
    ['sampled yes', { ...ids, 'x-b3-sampled': 'yes' }],
    ['sampled 2', { ...ids, 'x-b3-sampled': '2' }],
    ['sampled d (single-header only)', { ...ids, 'x-b3-sampled': 'd' }],
    ['empty flags', { ...ids, 'x-b3-flags': '' }],
    ['flags not a number', { ...ids, 'x-b3-flags': 'debug' }],
    ['a repeat whose first value is bad', { ...ids, 'x-b3-spanid': `nope, ${S}` }],
  ])('malformed or id-less: %s ⇒ nothing extracted', (_name, headers) => {
    const base: TraceContext = { requestId: 'kept' };
    expect(extractWith(b3, headers, base)).toBe(base);
  });
});

describe('B3 precedence: single, then multi', () => {
  const multi = { 'x-b3-traceid': T16, 'x-b3-spanid': P, 'x-b3-sampled': '0' };

  test('both valid: the single header wins', () => {
    expect(observe(extractWith(b3, { b3: `${T32}-${S}-1`, ...multi }))).toEqual(remoteParent(T32, S, 'accept'));
  });

  test('only multi: multi is read, by both propagators', () => {
    expect(observe(extractWith(b3, multi))).toEqual(remoteParent(T16_PADDED, P, 'deny'));
    expect(observe(extractWith(b3multi, multi))).toEqual(remoteParent(T16_PADDED, P, 'deny'));
  });

  test('both propagators read the single header', () => {
    expect(observe(extractWith(b3multi, { b3: `${T32}-${S}-d` }))).toEqual(remoteParent(T32, S, 'debug'));
  });

  test.each([
    ['malformed', 'garbage'],
    ['id-less', '0'],
    ['empty', ''],
  ])('a present single header decides alone, even %s (multi is not read)', (_name, single) => {
    expect(observe(extractWith(b3, { b3: single, ...multi }))).toBe('nothing');
  });
});

describe('B3 extract → the next span', () => {
  test('X-B3-SpanId is never our span id: it becomes the remote parent', () => {
    const { start } = startedSpans();
    const { readable } = start(extractWith(b3, { b3: `${T32}-${S}-1-${P}` }));
    expect(readable.spanContext().traceId).toBe(T32);
    expect(readable.spanContext().spanId).not.toBe(S);
    expect(readable.parentSpanId).toBe(S);
    expect(readable.parentIsRemote).toBe(true);
  });

  test('deferred: the local root sampler decides; the trace id and parent are kept', () => {
    const said = { no: startedSpans(parentBased({ root: alwaysOff() })), ratio: startedSpans(parentBased({ root: traceIdRatio(0.5) })) };
    const context = extractWith(b3, { b3: `${T32}-${S}` });
    const dropped = said.no.start(context).span;
    expect(dropped.spanContext()).toMatchObject({ traceId: T32, traceFlags: 0 });
    // the sampler was asked as for a root, with the extracted trace id
    expect(said.no.asked[0]).toMatchObject({ parent: undefined, traceId: T32 });
    // traceIdRatio(0.5) decides on the trace id: sampled iff its last 14 hex digits are ≥ 8 followed by zeros (§9.4)
    const lowId = extractWith(b3, { b3: `${'a'.repeat(18)}${'7'.repeat(14)}-${S}` });
    const highId = extractWith(b3, { b3: `${'a'.repeat(18)}${'8'.repeat(14)}-${S}` });
    expect(said.ratio.start(lowId).span.isRecording()).toBe(false);
    const high = said.ratio.start(highId);
    expect(high.span.isRecording()).toBe(true);
    expect(high.readable.parentSpanId).toBe(S);
    expect(high.readable.parentIsRemote).toBe(true);
  });

  test('a decision that was sent is followed, not re-made: 0 stays unsampled under a root sampler that says yes', () => {
    const { start, asked } = startedSpans();
    expect(start(extractWith(b3, { b3: `${T32}-${S}-0` })).span.spanContext().traceFlags).toBe(0);
    expect(asked[0]!.parent).toMatchObject({ traceId: T32, spanId: S, isRemote: true });
  });

  test('the span after the deferred one follows it like any local parent', () => {
    let roots = 0;
    const yesOnce = { shouldSample: () => ({ decision: roots++ === 0 ? SamplingDecision.RECORD_AND_SAMPLE : SamplingDecision.DROP }) };
    const { start, asked } = startedSpans(parentBased({ root: yesOnce }));
    const context = extractWith(b3, { b3: `${T32}-${S}` });
    const server = start(context).span;
    const child = start(withSpan(context, server)).span;
    expect(asked[1]!.parent!.spanId).toBe(server.spanContext().spanId);
    expect(child.spanContext().traceFlags).toBe(1); // the root sampler, asked again, would have said no
    expect(roots).toBe(1);
  });

  test('no random flag on trace ids B3 sent (§1.7), on any path', () => {
    const { start } = startedSpans();
    for (const value of [`${T16}-${S}-1`, `${T32}-${S}-1`, `${T16}-${S}`, `${T32}-${S}-d`]) {
      const context = extractWith(b3, { b3: value });
      expect(context.span!.spanContext().traceFlags & 2).toBe(0);
      expect(start(context).span.spanContext().traceFlags & 2).toBe(0);
    }
  });

  test('root: true ignores the extracted parent and its deferred state', () => {
    const { start } = startedSpans(parentBased({ root: alwaysOff() }));
    const { span } = start(extractWith(b3, { b3: `${T32}-${S}` }), { root: true });
    expect(span.spanContext().traceId).not.toBe(T32);
    expect(span.spanContext().traceFlags).toBe(2); // a new trace: random, and the root sampler said no
  });
});

describe('B3 inject (§11.2)', () => {
  function local(traceFlags: number, traceId = T32): TraceContext {
    return withSpan(ROOT_CONTEXT, new NonRecordingSpan({ traceId, spanId: S, traceFlags }));
  }

  test('b3: single header {trace32}-{span}-{1|0}; the random bit is not B3', () => {
    expect(injectWith(b3, local(3))).toEqual({ b3: `${T32}-${S}-1` });
    expect(injectWith(b3, local(2))).toEqual({ b3: `${T32}-${S}-0` });
  });

  test('b3multi: X-B3-TraceId, X-B3-SpanId, X-B3-Sampled — never X-B3-ParentSpanId', () => {
    expect(injectWith(b3multi, local(1))).toEqual({ 'x-b3-traceid': T32, 'x-b3-spanid': S, 'x-b3-sampled': '1' });
    expect(injectWith(b3multi, local(0))).toEqual({ 'x-b3-traceid': T32, 'x-b3-spanid': S, 'x-b3-sampled': '0' });
    const received = extractWith(b3, { b3: `${T32}-${S}-1-${P}` });
    const { span } = startedSpans().start(received);
    expect(Object.keys(injectWith(b3multi, withSpan(received, span)))).toEqual(['x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled']);
  });

  test('a 64-bit trace id received goes on as 32 hex', () => {
    const received = extractWith(b3multi, { 'x-b3-traceid': T16, 'x-b3-spanid': S, 'x-b3-sampled': '1' });
    const { span } = startedSpans().start(received);
    const next = span.spanContext().spanId;
    expect(injectWith(b3, withSpan(received, span))).toEqual({ b3: `${T16_PADDED}-${next}-1` });
  });

  test('debug is kept and sent onward from every span of the trace: d, or X-B3-Flags: 1 instead of X-B3-Sampled', () => {
    const received = extractWith(b3multi, { 'x-b3-traceid': T32, 'x-b3-spanid': S, 'x-b3-flags': '1' });
    const { start } = startedSpans();
    const server = start(received).span;
    const client = start(withSpan(received, server)).span;
    const context = withSpan(withSpan(received, server), client);
    const id = client.spanContext().spanId;
    expect(injectWith(b3, context)).toEqual({ b3: `${T32}-${id}-d` });
    expect(injectWith(b3multi, context)).toEqual({ 'x-b3-traceid': T32, 'x-b3-spanid': id, 'x-b3-flags': '1' });
  });

  test('debug belongs to its trace: a new root started inside is not debug', () => {
    const received = extractWith(b3, { b3: `${T32}-${S}-d` });
    const { span } = startedSpans().start(received, { root: true });
    expect(injectWith(b3, withSpan(received, span)).b3).toMatch(/-1$/);
  });

  test('passing on the extracted context itself keeps a deferred decision deferred', () => {
    const received = extractWith(b3, { b3: `${T32}-${S}` });
    expect(injectWith(b3, received)).toEqual({ b3: `${T32}-${S}` });
    expect(injectWith(b3multi, received)).toEqual({ 'x-b3-traceid': T32, 'x-b3-spanid': S });
    // once a local span decided, the decision is sent
    const { span } = startedSpans().start(received);
    expect(injectWith(b3, withSpan(received, span)).b3).toBe(`${T32}-${span.spanContext().spanId}-1`);
  });

  test('nothing outside a trace, while suppressed, or with invalid ids', () => {
    expect(injectWith(b3, ROOT_CONTEXT)).toEqual({});
    expect(injectWith(b3multi, suppressTracing(local(1)))).toEqual({});
    expect(injectWith(b3, local(1, 'not-an-id'))).toEqual({});
  });

  test('fields: what each reads and writes, the written ones first', () => {
    expect(b3.fields()).toEqual(['b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags', 'x-b3-parentspanid']);
    expect(b3multi.fields()).toEqual(['x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-flags', 'x-b3-parentspanid', 'b3']);
  });

  test('a bad inject option throws at construction', () => {
    expect(() => new B3Propagator({ inject: 'both' as never })).toThrow(expect.objectContaining({ code: 'TW_ERR_INVALID_OPTION' }));
  });
});
