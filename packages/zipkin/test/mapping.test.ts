/**
 * SPEC-NOTES §8.2–8.4 end to end: spans from a real tracer, exported by ZipkinExporter to a real
 * receiver on 127.0.0.1, arrive exactly as the mapping rules say. Expected values are written out
 * from the rules (µs = ms × 1000 rounded to nearest; duration ≥ 1), not taken from the code.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, createTracer, withSpan, type Tracer } from '@tracewire/core';
import { ZipkinExporter, toZipkinSpan } from '@tracewire/zipkin';
import { startZipkinReceiver, type ZipkinReceiver, type ZipkinSpanJson } from '../../../test-support/zipkin-receiver';
import { makeReadableSpan, type SpanOverrides } from '../../core/test/helpers/make-readable-span';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

/** A span with fixed ids, only `service.name` on its resource and an empty scope: nothing that adds tags. */
function readableSpan(overrides: SpanOverrides = {}) {
  return makeReadableSpan({
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    resource: { attributes: { 'service.name': 'svc' } },
    scope: { name: '' },
    startTime: 1_700_000_000_000,
    ...overrides,
  });
}

/** Chosen so every µs value below is exact or well away from a rounding boundary. */
const T0 = 1_700_000_000_123.25;

let receiver: ZipkinReceiver;
let tracer: Tracer;

beforeAll(async () => {
  receiver = await startZipkinReceiver();
});
afterAll(() => receiver.close());

beforeEach(() => {
  receiver.reset();
  tracer = createTracer({
    serviceName: 'checkout',
    resourceAttributes: { 'service.namespace': 'shop' },
    scope: { name: 'my-lib', version: '2.0.0' },
    exporter: new ZipkinExporter({ url: receiver.url }),
    batch: { scheduledDelayMillis: 60_000 },
    register: false,
    env: {},
  });
});
afterEach(() => tracer.shutdown());

/** The resource's attributes except service.name, as strings: what every span carries as tags. */
function resourceTags(): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tracer.resource.attributes)) if (key !== 'service.name') tags[key] = String(value);
  return tags;
}

const SCOPE_TAGS = {
  'otel.scope.name': 'my-lib',
  'otel.scope.version': '2.0.0',
  'otel.library.name': 'my-lib',
  'otel.library.version': '2.0.0',
};

async function exportAll(count: number): Promise<ZipkinSpanJson[]> {
  expect((await tracer.forceFlush()).ok).toBe(true);
  const spans = await receiver.waitForSpans(count);
  expect(spans).toHaveLength(count);
  return spans;
}

test('one POST of a JSON array to /api/v2/spans with Content-Type application/json', async () => {
  tracer.startSpan('a').end();
  tracer.startSpan('b').end();
  await exportAll(2);
  expect(receiver.posts).toHaveLength(1);
  const [post] = receiver.posts;
  expect(post!.method).toBe('POST');
  expect(post!.path).toBe('/api/v2/spans');
  expect(post!.headers['content-type']).toBe('application/json');
  expect(Array.isArray(JSON.parse(post!.text))).toBe(true);
});

test('a SERVER root: ids, µs times, string tags, annotations, no error tag without ERROR', async () => {
  const span = tracer.startSpan('GET /cart', {
    kind: SpanKind.SERVER,
    startTime: T0,
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      ratio: 0.5,
      huge: 1e21,
      negative: -0.125,
      cached: false,
      retried: true,
      labels: ['a', 'b"c'],
      codes: [1, 2.5],
      flags: [true, false],
      error: false,
    },
  });
  span.addEvent('cache.miss', undefined, T0 + 1.5);
  // 2^-10 ms = 0.9765625 µs: exactly representable, so the rounding below is the mapping's, not float noise
  span.addEvent('retry', { attempt: 2, reason: 'timeout', hosts: ['x', 'y'] }, T0 + 2 + 2 ** -10);
  span.end(T0 + 12.3458);
  const [zipkin] = await exportAll(1);

  expect(zipkin).toEqual({
    traceId: span.spanContext().traceId,
    id: span.spanContext().spanId,
    name: 'GET /cart',
    kind: 'SERVER',
    timestamp: 1_700_000_000_123_250,
    duration: 12_346, // 12 345.8 µs, rounded to nearest
    localEndpoint: { serviceName: 'checkout' },
    annotations: [
      { timestamp: 1_700_000_000_124_750, value: 'cache.miss' },
      // 1 700 000 000 125 250.977 µs → 125 251
      { timestamp: 1_700_000_000_125_251, value: '"retry": {"attempt":2,"reason":"timeout","hosts":["x","y"]}' },
    ],
    tags: {
      ...resourceTags(),
      'http.request.method': 'GET',
      'http.response.status_code': '200',
      ratio: '0.5',
      huge: '1e+21',
      negative: '-0.125',
      cached: 'false',
      retried: 'true',
      labels: '["a","b\\"c"]',
      codes: '[1,2.5]',
      flags: '[true,false]',
      ...SCOPE_TAGS,
    },
  });
  expect(zipkin.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(zipkin.id).toMatch(/^[0-9a-f]{16}$/);
  // service.namespace is a tag, never the service name (SPEC-NOTES §8.2)
  expect((zipkin.tags as Record<string, string>)['service.namespace']).toBe('shop');
  expect(zipkin.tags).not.toHaveProperty('service.name');
});

test('a CLIENT child with ERROR status: parentId, remoteEndpoint from peer.service, error = description, 1 µs minimum', async () => {
  const parent = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: T0 });
  const child = tracer.startSpan(
    'GET',
    {
      kind: SpanKind.CLIENT,
      startTime: T0 + 3,
      attributes: { 'peer.service': 'inventory', 'server.address': 'inventory.internal', 'server.port': 8080 },
    },
    withSpan(ROOT_CONTEXT, parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'HTTP 503' });
  child.end(T0 + 3.0003); // 0.3 µs
  parent.end(T0 + 10);
  const spans = await exportAll(2);
  const zipkin = spans.find((s) => s.name === 'GET')!;

  expect(zipkin).toEqual({
    traceId: parent.spanContext().traceId,
    id: child.spanContext().spanId,
    parentId: parent.spanContext().spanId,
    name: 'GET',
    kind: 'CLIENT',
    timestamp: 1_700_000_000_126_250,
    duration: 1,
    localEndpoint: { serviceName: 'checkout' },
    remoteEndpoint: { serviceName: 'inventory' },
    tags: {
      ...resourceTags(),
      'peer.service': 'inventory',
      'server.address': 'inventory.internal',
      'server.port': '8080',
      'otel.status_code': 'ERROR',
      error: 'HTTP 503',
      ...SCOPE_TAGS,
    },
  });
});

test('status OK: otel.status_code OK and no error tag, even when an `error` attribute is set', async () => {
  const span = tracer.startSpan('work', { attributes: { error: true } });
  span.setStatus({ code: SpanStatusCode.OK });
  span.end();
  const [zipkin] = await exportAll(1);
  expect(zipkin!.tags).toMatchObject({ 'otel.status_code': 'OK' });
  expect(zipkin!.tags).not.toHaveProperty('error');
  expect(zipkin).not.toHaveProperty('kind'); // INTERNAL
});

test('ERROR without a description: the error tag is the empty string', async () => {
  const span = tracer.startSpan('work', { attributes: { error: 'from the attribute' } });
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  const [zipkin] = await exportAll(1);
  expect(zipkin!.tags).toMatchObject({ 'otel.status_code': 'ERROR', error: '' });
});

test('PRODUCER with an IPv4 peer address and port; CONSUMER gets no remoteEndpoint', async () => {
  const producer = tracer.startSpan('orders publish', {
    kind: SpanKind.PRODUCER,
    startTime: T0,
    attributes: { 'network.peer.address': '10.1.2.3', 'network.peer.port': 9092, 'db.name': 'not-this' },
  });
  producer.end(T0 + 2.5);
  const consumer = tracer.startSpan('orders process', { kind: SpanKind.CONSUMER, attributes: { 'peer.service': 'broker' } });
  consumer.end();
  const spans = await exportAll(2);
  const sent = spans.find((s) => s.kind === 'PRODUCER')!;
  expect(sent.remoteEndpoint).toEqual({ ipv4: '10.1.2.3', port: 9092 });
  expect(sent.duration).toBe(2500);
  const received = spans.find((s) => s.kind === 'CONSUMER')!;
  expect(received).not.toHaveProperty('remoteEndpoint');
});

test('dropped attribute, event and link counts become otel.dropped_* tags', async () => {
  await tracer.shutdown();
  tracer = createTracer({
    serviceName: 'checkout',
    exporter: new ZipkinExporter({ url: receiver.url }),
    spanLimits: { attributeCountLimit: 1, eventCountLimit: 0, linkCountLimit: 0 },
    register: false,
    env: {},
  });
  const span = tracer.startSpan('limited', {
    attributes: { kept: 'yes', lost: 'no' },
    links: [{ context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 } }],
  });
  span.addEvent('never');
  span.end();
  const [zipkin] = await exportAll(1);
  expect(zipkin!.tags).toMatchObject({
    kept: 'yes',
    'otel.dropped_attributes_count': '1',
    'otel.dropped_events_count': '1',
    'otel.dropped_links_count': '1',
  });
  expect(zipkin!.tags).not.toHaveProperty('lost');
  expect(zipkin).not.toHaveProperty('annotations');
});

describe('toZipkinSpan', () => {
  test('empty fields are omitted: no parentId, kind, name, annotations, tags or remoteEndpoint', () => {
    const zipkin = toZipkinSpan(readableSpan({ name: '', kind: SpanKind.CLIENT }));
    expect(zipkin).toEqual({
      traceId: TRACE_ID,
      id: SPAN_ID,
      kind: 'CLIENT',
      timestamp: 1_700_000_000_000_000,
      duration: 1000,
      localEndpoint: { serviceName: 'svc' },
    });
    expect(Object.keys(toZipkinSpan(readableSpan()))).toEqual(['traceId', 'id', 'timestamp', 'duration', 'localEndpoint', 'name']);
  });

  test.each([
    [0, 1],
    [0.0004, 1], // 0.4 µs
    [0.0012, 1], // 1.2 µs, to nearest
    [0.0017, 2],
    [0.0026, 3],
    [-5, 1], // an end before the start (user-supplied times)
  ])('an end − start of %d ms is a duration of %d µs', (elapsed, micros) => {
    const start = 1_700_000_000_000;
    expect(toZipkinSpan(readableSpan({ startTime: start, endTime: start + elapsed })).duration).toBe(micros);
  });

  test('an exotic attribute key is a tag like any other', () => {
    const attributes = JSON.parse('{"__proto__":"p","constructor":"c"}') as Record<string, string>;
    const zipkin = toZipkinSpan(readableSpan({ attributes }));
    expect(JSON.stringify(zipkin.tags)).toBe('{"__proto__":"p","constructor":"c"}');
  });

  const client = (attributes: Record<string, string | number>) =>
    toZipkinSpan(readableSpan({ kind: SpanKind.CLIENT, attributes })).remoteEndpoint;

  test.each<[string, Record<string, string | number>, object | undefined]>([
    ['peer.service first', { 'peer.service': 'a', 'server.address': 'b', 'net.peer.name': 'c' }, { serviceName: 'a' }],
    ['then server.address', { 'server.address': 'b', 'net.peer.name': 'c', 'network.peer.address': '10.0.0.1' }, { serviceName: 'b' }],
    ['then net.peer.name', { 'net.peer.name': 'c', 'network.peer.address': '10.0.0.1' }, { serviceName: 'c' }],
    ['then network.peer.address + port', { 'network.peer.address': '10.0.0.1', 'network.peer.port': 443, 'peer.hostname': 'h' }, { ipv4: '10.0.0.1', port: 443 }],
    ['an IPv6 peer, port 0 left out', { 'network.peer.address': '2001:db8::1', 'network.peer.port': 0 }, { ipv6: '2001:db8::1' }],
    ['a bracketed IPv6 peer', { 'network.peer.address': '[::1]', 'network.peer.port': 8080 }, { ipv6: '::1', port: 8080 }],
    ['a peer address that is a name', { 'network.peer.address': 'db.local', 'network.peer.port': 5432 }, { serviceName: 'db.local' }],
    ['legacy socket attributes', { 'net.sock.peer.addr': '192.168.1.9', 'net.sock.peer.port': 6379, 'peer.hostname': 'h' }, { ipv4: '192.168.1.9', port: 6379 }],
    ['then peer.hostname', { 'peer.hostname': 'h', 'peer.address': 'a', 'db.name': 'd' }, { serviceName: 'h' }],
    ['then peer.address', { 'peer.address': 'a', 'db.name': 'd' }, { serviceName: 'a' }],
    ['db.name last', { 'db.name': 'orders' }, { serviceName: 'orders' }],
    ['empty strings do not count', { 'peer.service': '', 'db.name': 'orders' }, { serviceName: 'orders' }],
    ['none of them', { 'http.route': '/x' }, undefined],
  ])('remoteEndpoint: %s', (_case, attributes, expected) => {
    expect(client(attributes)).toEqual(expected);
  });
});
