import { captureRequestHeaders } from '../helpers/capture-request';
import { defaultGetter, defaultSetter } from '../../src/propagation/carriers';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('defaultGetter', () => {
  test('plain objects: exact lowercase key, then case-insensitive scan', () => {
    expect(defaultGetter.get({ traceparent: TP }, 'traceparent')).toBe(TP);
    expect(defaultGetter.get({ TraceParent: TP }, 'traceparent')).toBe(TP);
    expect(defaultGetter.get({ TRACEPARENT: TP }, 'TraceParent')).toBe(TP);
    expect(defaultGetter.get({ 'trace-parent': TP }, 'traceparent')).toBeUndefined();
  });

  test('arrays of values are returned as arrays; a one-element array as its element', () => {
    expect(defaultGetter.get({ tracestate: ['a=1', 'b=2'] }, 'tracestate')).toEqual(['a=1', 'b=2']);
    expect(defaultGetter.get({ tracestate: ['a=1'] }, 'tracestate')).toBe('a=1');
  });

  test('WHATWG Headers (duplicates arrive comma-joined, as fetch gives them)', () => {
    const headers = new Headers();
    headers.append('TraceParent', TP);
    expect(defaultGetter.get(headers, 'traceparent')).toBe(TP);
    headers.append('traceparent', TP);
    expect(defaultGetter.get(headers, 'traceparent')).toBe(`${TP}, ${TP}`);
    expect(defaultGetter.keys(headers)).toEqual(['traceparent']);
  });

  test('Map carriers', () => {
    expect(defaultGetter.get(new Map([['Baggage', 'k=v']]), 'baggage')).toBe('k=v');
  });

  test('Kafka-style header arrays with Buffer values, repeated keys collected in order', () => {
    const headers = [
      { key: 'traceparent', value: Buffer.from(TP) },
      { key: 'tracestate', value: Buffer.from('a=1') },
      { key: 'TraceState', value: 'b=2' },
      { key: 'other', value: null },
    ];
    expect(defaultGetter.get(headers, 'traceparent')).toBe(TP);
    expect(defaultGetter.get(headers, 'tracestate')).toEqual(['a=1', 'b=2']);
    expect(defaultGetter.get(headers, 'other')).toBeUndefined();
    expect(defaultGetter.keys(headers)).toEqual(['traceparent', 'tracestate', 'TraceState', 'other']);
  });

  test('Buffer values in plain objects (kafkajs message headers)', () => {
    expect(defaultGetter.get({ traceparent: Buffer.from(TP) }, 'traceparent')).toBe(TP);
  });

  test('garbage carriers and throwing carriers yield undefined, never an exception', () => {
    for (const carrier of [undefined, null, 42, 'traceparent', true]) {
      expect(defaultGetter.get(carrier, 'traceparent')).toBeUndefined();
      expect(defaultGetter.keys(carrier)).toEqual([]);
    }
    const hostile = new Proxy({}, { get() { throw new Error('nope'); }, ownKeys() { throw new Error('nope'); }, has() { throw new Error('nope'); } });
    expect(defaultGetter.get(hostile, 'traceparent')).toBeUndefined();
    expect(defaultGetter.keys(hostile)).toEqual([]);
  });

  test('real IncomingMessage headers, including a duplicated header', async () => {
    // raw array form: Node then adds no Host header itself, and its server requires one
    const received = await captureRequestHeaders((port) => ({
      headers: ['Host', `127.0.0.1:${port}`, 'TraceParent', TP, 'tracestate', 'a=1', 'tracestate', 'b=2'] as unknown as Record<string, string>,
    }));
    expect(defaultGetter.get(received, 'traceparent')).toBe(TP);
    // Node joins repeated unknown headers with ", ", which the tracestate parser treats as OWS
    expect(defaultGetter.get(received, 'tracestate')).toBe('a=1, b=2');
  });
});

describe('defaultSetter', () => {
  test('plain objects: replaces any existing spelling so a header is never sent twice', () => {
    const carrier: Record<string, unknown> = { TraceParent: 'old', other: 'x' };
    defaultSetter.set(carrier, 'traceparent', TP);
    expect(carrier).toEqual({ traceparent: TP, other: 'x' });
  });

  test('Headers, Map and header arrays', () => {
    const headers = new Headers({ traceparent: 'old' });
    defaultSetter.set(headers, 'traceparent', TP);
    expect(headers.get('traceparent')).toBe(TP);

    const map = new Map<string, string>([['TRACEPARENT', 'old']]);
    defaultSetter.set(map, 'traceparent', TP);
    expect([...map.entries()]).toEqual([['traceparent', TP]]);

    const records: Array<{ key: string; value: Buffer | string }> = [{ key: 'traceparent', value: 'old' }, { key: 'x', value: 'y' }];
    defaultSetter.set(records, 'traceparent', TP);
    expect(records.map((r) => [r.key, r.value.toString()])).toEqual([['x', 'y'], ['traceparent', TP]]);
    expect(Buffer.isBuffer(records[1]!.value)).toBe(true);
  });

  test('objects with setHeader (http.ClientRequest) get the header on the wire', async () => {
    const seen = await captureRequestHeaders(
      () => ({}),
      (req) => {
        defaultSetter.set(req, 'traceparent', TP);
        expect(defaultGetter.get(req, 'traceparent')).toBe(TP);
      },
    );
    expect(seen.traceparent).toBe(TP);
  });

  test('frozen or garbage carriers are ignored without throwing', () => {
    expect(() => defaultSetter.set(Object.freeze({}), 'traceparent', TP)).not.toThrow();
    expect(() => defaultSetter.set(undefined, 'traceparent', TP)).not.toThrow();
    expect(() => defaultSetter.set('string', 'traceparent', TP)).not.toThrow();
  });
});
