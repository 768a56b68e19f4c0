import { incomingHeadersGetter } from '../../src/propagation/carriers';
import { extract } from '../../src/propagation/api';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('incomingHeadersGetter (Node IncomingMessage.headers: names already lowercase)', () => {
  test('exact lookups; a one-element array is its element, longer arrays stay arrays', () => {
    expect(incomingHeadersGetter.get({ traceparent: TP }, 'traceparent')).toBe(TP);
    expect(incomingHeadersGetter.get({ tracestate: ['a=1'] }, 'tracestate')).toBe('a=1');
    expect(incomingHeadersGetter.get({ tracestate: ['a=1', 'b=2'] }, 'tracestate')).toEqual(['a=1', 'b=2']);
    expect(incomingHeadersGetter.get({ traceparent: TP }, 'baggage')).toBeUndefined();
    expect(incomingHeadersGetter.keys({ a: '1', b: '2' })).toEqual(['a', 'b']);
  });

  test('extract with it reads the same context as with the default getter', () => {
    const headers = { traceparent: TP, tracestate: 'vendor=x', baggage: 'k=v' };
    const ctx = extract(headers, incomingHeadersGetter);
    expect(ctx.span!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(ctx.span!.spanContext().traceState!.get('vendor')).toBe('x');
    expect(ctx.baggage!.get('k')!.value).toBe('v');
  });
});
