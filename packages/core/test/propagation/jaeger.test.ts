import { Baggage } from '../../src/baggage/baggage';
import { ROOT_CONTEXT, suppressTracing, withBaggage, withSpan } from '../../src/context/store';
import { defaultGetter } from '../../src/propagation/carriers';
import { JaegerPropagator } from '../../src/propagation/jaeger';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import type { TraceContext } from '../../src/types';
import { P, S, T16, T16_PADDED, T32, extractWith, injectWith, observe, remoteParent, startedSpans } from './formats';

const jaeger = new JaegerPropagator();

describe('Jaeger uber-trace-id: extract (§11.3)', () => {
  test.each([
    ['sampled', `${T32}:${S}:0:1`, remoteParent(T32, S, 'accept')],
    ['not sampled', `${T32}:${S}:0:0`, remoteParent(T32, S, 'deny')],
    ['two-digit flags', `${T32}:${S}:0:01`, remoteParent(T32, S, 'accept')],
    ['debug + sampled (3)', `${T32}:${S}:0:3`, remoteParent(T32, S, 'debug')],
    ['debug alone (2) implies sampled', `${T32}:${S}:0:02`, remoteParent(T32, S, 'debug')],
    ['unused flag bits are ignored (0x08 | sampled)', `${T32}:${S}:0:09`, remoteParent(T32, S, 'accept')],
    ['a 64-bit trace id, left-padded', `${T16}:${S}:0:1`, remoteParent(T16_PADDED, S, 'accept')],
    ['shorter ids, left-padded', `abc:1f:0:1`, remoteParent(`${'0'.repeat(29)}abc`, '000000000000001f', 'accept')],
    ['uppercase hex, lowercased', `${T32.toUpperCase()}:${S.toUpperCase()}:0:1`, remoteParent(T32, S, 'accept')],
    ['the deprecated parent id is ignored', `${T32}:${S}:${P}:1`, remoteParent(T32, S, 'accept')],
    ['an empty parent id is ignored too', `${T32}:${S}::1`, remoteParent(T32, S, 'accept')],
    ['percent-encoded separators', `${T32}%3A${S}%3A0%3A1`, remoteParent(T32, S, 'accept')],
    ['percent-encoded, lowercase escapes', `${T32}%3a${S}%3a0%3a0`, remoteParent(T32, S, 'deny')],
    ['a repeated header: the first value wins', `${T32}:${S}:0:1, ${T16}:${P}:0:0`, remoteParent(T32, S, 'accept')],
  ])('%s', (_name, value, expected) => {
    expect(observe(extractWith(jaeger, { 'uber-trace-id': value }))).toEqual(expected);
  });

  test.each([
    ['empty', ''],
    ['three fields', `${T32}:${S}:1`],
    ['five fields', `${T32}:${S}:0:1:x`],
    ['trace id 0', `0:${S}:0:1`],
    ['span id 0', `${T32}:0:0:1`],
    ['all-zero trace id', `${'0'.repeat(32)}:${S}:0:1`],
    ['empty trace id', `:${S}:0:1`],
    ['empty span id', `${T32}::0:1`],
    ['trace id of 33', `${T32}a:${S}:0:1`],
    ['span id of 17', `${T32}:${S}a:0:1`],
    ['non-hex trace id', `${T32.slice(0, 31)}z:${S}:0:1`],
    ['empty flags', `${T32}:${S}:0:`],
    ['three-digit flags', `${T32}:${S}:0:001`],
    ['non-hex flags', `${T32}:${S}:0:g`],
    ['a bad percent-escape that leaves no separator', `${T32}%3G${S}%3A0%3A1`],
    ['dashes (a B3 value)', `${T32}-${S}-1`],
  ])('malformed: %s ⇒ nothing extracted', (_name, value) => {
    const base: TraceContext = { requestId: 'kept' };
    expect(extractWith(jaeger, { 'uber-trace-id': value }, base)).toBe(base);
  });

  test('the header name is case-insensitive', () => {
    expect(observe(extractWith(jaeger, { 'Uber-Trace-Id': `${T32}:${S}:0:1` }))).toEqual(remoteParent(T32, S, 'accept'));
  });

  test('the extracted span id becomes the parent of the next span, never its id', () => {
    const { readable } = startedSpans().start(extractWith(jaeger, { 'uber-trace-id': `${T16}:${S}:0:1` }));
    expect(readable.spanContext().traceId).toBe(T16_PADDED);
    expect(readable.spanContext().spanId).not.toBe(S);
    expect(readable.parentSpanId).toBe(S);
    expect(readable.spanContext().traceFlags).toBe(1); // sampled, and no random flag (§1.7)
  });
});

describe('Jaeger uberctx-* baggage', () => {
  test('each uberctx-{key} header is an entry: key lowercased, value percent-decoded', () => {
    const context = extractWith(jaeger, {
      'uberctx-user': 'alice',
      'Uberctx-Greeting': 'hello%20world%21',
      'uberctx-city': 'M%C3%BCnchen',
      'x-other': '1',
      'uberctx-': 'no key',
    });
    expect(context.baggage!.getAll()).toEqual([
      ['user', { value: 'alice' }],
      ['greeting', { value: 'hello world!' }],
      ['city', { value: 'München' }],
    ]);
    expect(context.span).toBeUndefined(); // baggage does not need a span
  });

  test('is read with or without a valid uber-trace-id, and added to baggage already extracted', () => {
    const withTrace = extractWith(jaeger, { 'uber-trace-id': `${T32}:${S}:0:1`, 'uberctx-k': 'v' });
    expect(withTrace.span!.spanContext().traceId).toBe(T32);
    expect(withTrace.baggage!.get('k')!.value).toBe('v');
    const malformed = extractWith(jaeger, { 'uber-trace-id': 'nope', 'uberctx-k': 'v' });
    expect(malformed.span).toBeUndefined();
    expect(malformed.baggage!.get('k')!.value).toBe('v');
    const base = withBaggage(ROOT_CONTEXT, Baggage.parse('w3c=1,k=old'));
    expect(extractWith(jaeger, { 'uberctx-k': 'new' }, base).baggage!.serialize()).toBe('w3c=1,k=new');
  });

  test('a key that is not a token is skipped; Node-style carriers are read with their own getter', () => {
    expect(extractWith(jaeger, { 'uberctx-a b': 'x' }).baggage).toBeUndefined();
    const keysOnly = { get: defaultGetter.get, keys: () => ['uberctx-exact'] };
    expect(jaeger.extract(ROOT_CONTEXT, { 'uberctx-exact': 'yes' }, keysOnly)!.baggage!.get('exact')!.value).toBe('yes');
  });

  test('inject writes one uberctx-{key} per entry, encoded as Jaeger clients encode', () => {
    const baggage = Baggage.empty().set('user', 'alice').set('q', 'a+b c/ü').set('lone', '\ud800');
    expect(injectWith(jaeger, withBaggage(ROOT_CONTEXT, baggage))).toEqual({
      'uberctx-user': 'alice',
      'uberctx-q': 'a%2Bb%20c%2F%C3%BC',
      'uberctx-lone': '%EF%BF%BD', // encodeURIComponent throws on a lone surrogate: U+FFFD instead
    });
  });
});

describe('Jaeger inject (§11.3)', () => {
  function local(traceFlags: number, baggage?: string): TraceContext {
    const context = withSpan(ROOT_CONTEXT, new NonRecordingSpan({ traceId: T32, spanId: S, traceFlags }));
    return baggage === undefined ? context : withBaggage(context, Baggage.parse(baggage));
  }

  test('{trace32}:{span}:0:{01|00}; the random bit is not Jaeger', () => {
    expect(injectWith(jaeger, local(3))).toEqual({ 'uber-trace-id': `${T32}:${S}:0:01` });
    expect(injectWith(jaeger, local(0))).toEqual({ 'uber-trace-id': `${T32}:${S}:0:00` });
  });

  test('a trace received as debug goes on with flags 03, from every span of it', () => {
    const received = extractWith(jaeger, { 'uber-trace-id': `${T16}:${S}:0:3` });
    const { span } = startedSpans().start(received);
    expect(injectWith(jaeger, withSpan(received, span))).toEqual({ 'uber-trace-id': `${T16_PADDED}:${span.spanContext().spanId}:0:03` });
  });

  test('nothing outside a trace or while suppressed; baggage alone without a span', () => {
    expect(injectWith(jaeger, ROOT_CONTEXT)).toEqual({});
    expect(injectWith(jaeger, suppressTracing(local(1, 'k=v')))).toEqual({});
    expect(injectWith(jaeger, withBaggage(ROOT_CONTEXT, Baggage.parse('k=v')))).toEqual({ 'uberctx-k': 'v' });
    expect(injectWith(jaeger, local(1, 'k=v'))).toEqual({ 'uber-trace-id': `${T32}:${S}:0:01`, 'uberctx-k': 'v' });
  });

  test('fields: the fixed header only (the uberctx-* names depend on the baggage)', () => {
    expect(jaeger.fields()).toEqual(['uber-trace-id']);
  });
});
