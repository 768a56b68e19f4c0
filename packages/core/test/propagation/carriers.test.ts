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

  test('node-rdkafka-style arrays (one object per header): case-insensitive, Buffer values, repeats in order', () => {
    const headers = [
      { TraceParent: Buffer.from(TP) },
      { tracestate: Buffer.from('a=1') },
      { other: 'x', TRACESTATE: 'b=2' },
      null,
      'garbage',
      Buffer.from('traceparent'),
      ['traceparent', TP],
      { empty: undefined },
    ];
    expect(defaultGetter.get(headers, 'traceparent')).toBe(TP);
    expect(defaultGetter.get(headers, 'tracestate')).toEqual(['a=1', 'b=2']);
    expect(defaultGetter.get(headers, 'empty')).toBeUndefined();
    expect(defaultGetter.get(headers, 'baggage')).toBeUndefined();
    expect(defaultGetter.keys(headers)).toEqual(['TraceParent', 'tracestate', 'other', 'TRACESTATE', 'empty']);
  });

  test('kafkajs repeated headers (an array of Buffers under one name) and AMQP table numbers', () => {
    expect(defaultGetter.get({ tracestate: [Buffer.from('a=1'), 'b=2'] }, 'tracestate')).toEqual(['a=1', 'b=2']);
    expect(defaultGetter.get({ 'x-retries': 3 }, 'x-retries')).toBe('3');
    expect(defaultGetter.get({ traceparent: { nested: TP } }, 'traceparent')).toBeUndefined();
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

  test('node-rdkafka-style arrays keep their shape; an object holding other names too is copied, not edited', () => {
    const shared = Object.freeze({ 'content-type': 'json', TraceParent: 'old' });
    const headers: unknown[] = [{ traceparent: 'older' }, shared, { other: Buffer.from('y') }];
    defaultSetter.set(headers, 'traceparent', TP);
    expect(headers).toHaveLength(3);
    expect(headers[0]).toEqual({ 'content-type': 'json' });
    expect(shared).toEqual({ 'content-type': 'json', TraceParent: 'old' });
    expect((headers[1] as { other: Buffer }).other.toString()).toBe('y');
    const written = headers[2] as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(['traceparent']);
    expect(Buffer.isBuffer(written.traceparent)).toBe(true);
    expect(String(written.traceparent)).toBe(TP);
  });

  test('an empty array gets the one-object-per-header shape that node-rdkafka produces', () => {
    const headers: unknown[] = [];
    defaultSetter.set(headers, 'traceparent', TP);
    defaultSetter.set(headers, 'tracestate', 'a=1');
    expect(headers.map((h) => Object.entries(h as object).map(([k, v]) => [k, String(v)]))).toEqual([
      [['traceparent', TP]],
      [['tracestate', 'a=1']],
    ]);
    expect(defaultGetter.get(headers, 'traceparent')).toBe(TP);
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
