/**
 * What the receiver gets, decoded by the code OpenTelemetry generated from the official .proto
 * files: every field of span, event, link, status, resource and scope, identical from protobuf
 * and JSON. Expected values are written from the test's inputs and the SPEC-NOTES 7.3/7.4 rules.
 */
import { hostname } from 'node:os';
import { createTracer, extract, SpanKind, SpanStatusCode, type Tracer } from '@tracewire/core';
import { OtlpTraceExporter, type OtlpTraceExporterOptions } from '@tracewire/otlp';
import { captureDiagnostics } from '../../core/test/helpers/capture-diagnostics';
import { attributeMap, startOtlpReceiver, type DecodedSpan, type OtlpReceiver } from '../../../test-support/otlp-receiver';

const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';
const LINK_TRACE = '0af7651916cd43dd8448eb211c80319c';
const LINK_SPAN = 'b7ad6b7169203331';

let receivers: OtlpReceiver[] = [];
let tracer: Tracer | undefined;

beforeEach(() => {
  captureDiagnostics(); // the limits below are exceeded on purpose: keep the warnings out of the output
});

afterEach(async () => {
  await tracer?.shutdown();
  tracer = undefined;
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
});

async function receiver(): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver();
  receivers.push(started);
  return started;
}

/** One tracer exporting every span to each receiver with the given exporter options. */
function tracerTo(targets: Array<[OtlpReceiver, OtlpTraceExporterOptions]>): Tracer {
  tracer = createTracer({
    register: false,
    env: {},
    serviceName: 'checkout',
    serviceVersion: '2.4.1',
    resourceAttributes: { 'deployment.environment.name': 'test', 'service.instance.count': 3 },
    scope: { name: 'encoding-test', version: '0.0.7' },
    spanLimits: { attributeCountLimit: 16, eventCountLimit: 3, linkCountLimit: 2, attributePerEventCountLimit: 2, attributePerLinkCountLimit: 2 },
    exporter: targets.map(([target, options]) => new OtlpTraceExporter({ url: target.tracesUrl, env: {}, ...options })),
  });
  return tracer;
}

/** A SERVER span under a remote parent, with attributes of every type, events, links and ERROR status. */
function recordFullSpan(t: Tracer): { traceId: string; spanId: string } {
  const parent = extract({ traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01`, tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' });
  const span = t.startSpan(
    'GET /orders/:id',
    {
      kind: SpanKind.SERVER,
      startTime: 1_700_000_000_123.25,
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/orders/ü-42',
        emoji: '🚀 launch',
        empty: '',
        long: 'x'.repeat(300),
        'http.response.status_code': 503,
        zero: 0,
        negative: -7,
        'max.safe': Number.MAX_SAFE_INTEGER,
        ratio: 3.25,
        'not.a.number': NaN,
        flag: false,
        tags: ['a', null, 'c'],
        numbers: [1, 2.5, -3],
        bools: [true, false],
      },
      links: [
        { context: { traceId: LINK_TRACE, spanId: LINK_SPAN, traceFlags: 1, isRemote: true }, attributes: { 'link.kind': 'follows', a: 1, b: 2 } },
        { context: { traceId: LINK_TRACE, spanId: PARENT_SPAN, traceFlags: 0, isRemote: false } },
        { context: { traceId: LINK_TRACE, spanId: '1111111111111111', traceFlags: 1 } },
      ],
    },
    parent,
  );
  span.setAttribute('over.limit.1', 1).setAttribute('over.limit.2', 2);
  span.addEvent('cache.miss', { key: 'order:42', tier: 'l2', extra: true }, new Date(1_700_000_000_124));
  span.addEvent('retry', undefined, 1_700_000_000_125.5);
  span.addEvent('third', {}, 1_700_000_000_126);
  span.addEvent('dropped', {}, 1_700_000_000_127);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });
  span.end(1_700_000_000_223.75);
  return span.spanContext();
}

const str = (value: string) => ({ stringValue: value });
const int = (value: string) => ({ intValue: value });

function expectedSpan(ids: { traceId: string; spanId: string }): DecodedSpan {
  return {
    traceId: PARENT_TRACE,
    spanId: ids.spanId,
    traceState: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    parentSpanId: PARENT_SPAN,
    // SPEC-NOTES 7.3: W3C flags (sampled) | 0x100 remote-ness known | 0x200 parent is remote
    flags: 0x01 | 0x100 | 0x200,
    name: 'GET /orders/:id',
    kind: 2,
    startTimeUnixNano: '1700000000123250000',
    endTimeUnixNano: '1700000000223750000',
    attributes: [
      { key: 'http.request.method', value: str('GET') },
      { key: 'url.path', value: str('/orders/ü-42') },
      { key: 'emoji', value: str('🚀 launch') },
      { key: 'empty', value: str('') },
      { key: 'long', value: str('x'.repeat(300)) },
      { key: 'http.response.status_code', value: int('503') },
      { key: 'zero', value: int('0') },
      { key: 'negative', value: int('-7') },
      { key: 'max.safe', value: int('9007199254740991') },
      { key: 'ratio', value: { doubleValue: 3.25 } },
      { key: 'not.a.number', value: { doubleValue: 'NaN' } },
      { key: 'flag', value: { boolValue: false } },
      { key: 'tags', value: { arrayValue: { values: [str('a'), {}, str('c')] } } },
      { key: 'numbers', value: { arrayValue: { values: [int('1'), { doubleValue: 2.5 }, int('-3')] } } },
      { key: 'bools', value: { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } } },
      { key: 'over.limit.1', value: int('1') },
    ],
    droppedAttributesCount: 1,
    events: [
      { timeUnixNano: '1700000000124000000', name: 'cache.miss', attributes: [{ key: 'key', value: str('order:42') }, { key: 'tier', value: str('l2') }], droppedAttributesCount: 1 },
      { timeUnixNano: '1700000000125500000', name: 'retry', attributes: [], droppedAttributesCount: 0 },
      { timeUnixNano: '1700000000126000000', name: 'third', attributes: [], droppedAttributesCount: 0 },
    ],
    droppedEventsCount: 1,
    links: [
      {
        traceId: LINK_TRACE,
        spanId: LINK_SPAN,
        traceState: '',
        attributes: [{ key: 'link.kind', value: str('follows') }, { key: 'a', value: int('1') }],
        droppedAttributesCount: 1,
        flags: 0x01 | 0x100 | 0x200,
      },
      { traceId: LINK_TRACE, spanId: PARENT_SPAN, traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0x100 },
    ],
    droppedLinksCount: 1,
    status: { message: 'upstream unavailable', code: 2 },
  };
}

describe('what the receiver decodes', () => {
  it('a full span arrives complete and identical in protobuf and JSON', async () => {
    const [proto, json] = [await receiver(), await receiver()];
    const t = tracerTo([
      [proto, { protocol: 'http/protobuf' }],
      [json, { protocol: 'http/json' }],
    ]);
    const ids = recordFullSpan(t);
    expect((await t.forceFlush()).ok).toBe(true);
    expect(proto.requests).toHaveLength(1);
    expect(json.requests).toHaveLength(1);
    expect(proto.requests[0]!.encoding).toBe('protobuf');
    expect(json.requests[0]!.encoding).toBe('json');
    expect(proto.errors).toEqual([]);
    expect(json.errors).toEqual([]);

    expect(proto.requests[0]!.decoded).toEqual(json.requests[0]!.decoded);
    expect(proto.spans()).toEqual([expectedSpan(ids)]);

    const [resourceSpans] = proto.requests[0]!.decoded.resourceSpans;
    expect(resourceSpans!.resource).toEqual({
      attributes: [
        { key: 'service.name', value: str('checkout') },
        { key: 'host.name', value: str(hostname()) },
        { key: 'process.pid', value: int(String(process.pid)) },
        { key: 'deployment.environment.name', value: str('test') },
        { key: 'service.instance.count', value: int('3') },
        { key: 'service.version', value: str('2.4.1') },
        { key: 'telemetry.sdk.name', value: str('tracewire') },
        { key: 'telemetry.sdk.language', value: str('nodejs') },
        { key: 'telemetry.sdk.version', value: expect.objectContaining({ stringValue: expect.stringMatching(/^\d+\.\d+\.\d+/) }) },
      ],
      droppedAttributesCount: 0,
      entityRefs: [], // a newer Resource field tracewire does not set: the proto3 default
    });
    expect(resourceSpans!.scopeSpans.map((s) => s.scope)).toEqual([{ name: 'encoding-test', version: '0.0.7', attributes: [], droppedAttributesCount: 0 }]);
  });

  it('a root span: no parent, flags say "not remote", UNSET status is absent', async () => {
    const [proto, json] = [await receiver(), await receiver()];
    const t = tracerTo([
      [proto, { protocol: 'http/protobuf' }],
      [json, { protocol: 'http/json' }],
    ]);
    const span = t.startSpan('background job', { startTime: 1_000 });
    span.end(2_000);
    await t.forceFlush();
    expect(proto.requests[0]!.decoded).toEqual(json.requests[0]!.decoded);
    const [decoded] = proto.spans();
    expect(span.spanContext().traceFlags & 0x01).toBe(0x01);
    expect(decoded).toMatchObject({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: '',
      traceState: '',
      // a new trace: tracewire's own flags (sampled, Level 2 random) | 0x100, not remote
      flags: (span.spanContext().traceFlags & 0xff) | 0x100,
      kind: 1,
      startTimeUnixNano: '1000000000',
      endTimeUnixNano: '2000000000',
      attributes: [],
      events: [],
      links: [],
      status: null,
    });
  });

  it('gzip: the body is compressed on the wire and decodes to the same spans', async () => {
    const [plain, zipped, zippedJson] = [await receiver(), await receiver(), await receiver()];
    const t = tracerTo([
      [plain, {}],
      [zipped, { compression: 'gzip' }],
      [zippedJson, { compression: 'gzip', protocol: 'http/json' }],
    ]);
    for (let i = 0; i < 50; i++) t.startSpan(`op ${i}`, { attributes: { index: i, text: 'repetitive '.repeat(10) } }).end();
    await t.forceFlush();
    const [request] = zipped.requests;
    expect(request!.headers['content-encoding']).toBe('gzip');
    expect(plain.requests[0]!.headers['content-encoding']).toBeUndefined();
    expect(request!.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // the gzip magic number
    expect(request!.raw.length).toBeLessThan(request!.body.length / 4);
    expect(request!.body).toEqual(plain.requests[0]!.body);
    expect(zippedJson.requests[0]!.decoded).toEqual(plain.requests[0]!.decoded);
    expect(attributeMap(plain.spans()[49]!.attributes).index).toEqual(int('49'));
  });

  it('a large batch (hundreds of kilobytes) round-trips in both encodings', async () => {
    const [proto, json] = [await receiver(), await receiver()];
    const t = tracerTo([
      [proto, {}],
      [json, { protocol: 'http/json' }],
    ]);
    for (let i = 0; i < 500; i++) {
      const span = t.startSpan(`span ${i}`, { attributes: { i, payload: `é${'p'.repeat(i)}` } });
      span.addEvent('tick', { n: i });
      span.end();
    }
    await t.forceFlush();
    expect(proto.requests).toHaveLength(1);
    expect(proto.requests[0]!.body.length).toBeGreaterThan(128 * 1024);
    expect(proto.spans()).toHaveLength(500);
    expect(proto.requests[0]!.decoded).toEqual(json.requests[0]!.decoded);
    expect(proto.spans().map((s) => s.name)).toEqual(Array.from({ length: 500 }, (_, i) => `span ${i}`));
    expect(attributeMap(proto.spans()[499]!.attributes).payload).toEqual(str(`é${'p'.repeat(499)}`));
  });

  it('sends the protocol content types, the User-Agent and configured headers to the configured path', async () => {
    const [proto, json] = [await receiver(), await receiver()];
    const t = tracerTo([
      [proto, { headers: { authorization: 'Bearer abc' } }],
      [json, { protocol: 'http/json', env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-scope-orgid=tenant%201' } }],
    ]);
    t.startSpan('a').end();
    await t.forceFlush();
    const version = (require('../package.json') as { version: string }).version;
    expect(proto.requests[0]).toMatchObject({ method: 'POST', path: '/v1/traces' });
    expect(proto.requests[0]!.headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      'user-agent': `tracewire-OTLP-Exporter-JavaScript/${version}`,
      authorization: 'Bearer abc',
    });
    expect(json.requests[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'x-scope-orgid': 'tenant 1' });
  });
});
