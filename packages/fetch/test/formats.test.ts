/**
 * Other header formats through the outbound instrumentation (SPEC-NOTES §11): with
 * `OTEL_PROPAGATORS`-style lists configured, a request arriving in one format leaves, through
 * fetch and http, in every configured format, carrying the same trace and the CLIENT span as parent.
 */
import { SpanKind, createPropagator, setPropagator } from '@tracewire/core';
import { instrumentOutbound } from '@tracewire/fetch';
import { recording, type Recording } from '../../../test-support/recording';
import type { TestServer } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { downstream, httpGetJson, tracedServer, type Seen } from './helpers/servers';

const TRACE = '463ac35c9f6413ad48485a3953bb6124';
const SPAN = 'a2fb4a1d1a96d312';

let down: TestServer & { seen: Seen[] };
let rec: Recording;
let up: TestServer;

beforeAll(async () => {
  down = await downstream();
  rec = recording();
  instrumentOutbound({ tracer: rec.tracer });
  up = await tracedServer(rec.tracer, async () => Promise.all([
    fetch(`${down.url}/f`).then((r) => r.json() as Promise<Seen>),
    httpGetJson(`${down.url}/h`),
  ]));
});
afterAll(async () => {
  setPropagator(undefined);
  instrumentOutbound().disable();
  await Promise.all([down.close(), up.close(), rec.tracer.shutdown()]);
});

/** The CLIENT span ids of the request whose trace id is `traceId`, by the downstream path they called. */
async function clientIds(traceId: string): Promise<Record<string, string>> {
  await rec.spans(3);
  const ids: Record<string, string> = {};
  for (const span of rec.finished()) {
    if (span.kind === SpanKind.CLIENT && span.spanContext().traceId === traceId) {
      ids[new URL(String(span.attributes['url.full'])).pathname] = span.spanContext().spanId;
    }
  }
  return ids;
}

test.each<[string, string[], Record<string, string>]>([
  ['b3 single in, tracecontext + b3multi out', ['tracecontext', 'b3', 'b3multi'], { b3: `${TRACE}-${SPAN}-1` }],
  ['b3multi in, tracecontext + b3 out', ['tracecontext', 'b3', 'b3multi'], { 'X-B3-TraceId': TRACE, 'X-B3-SpanId': SPAN, 'X-B3-Sampled': '1' }],
  ['jaeger in, tracecontext + jaeger out', ['tracecontext', 'jaeger', 'b3'], { 'uber-trace-id': `${TRACE}:${SPAN}:0:1` }],
  ['tracecontext in, jaeger + b3 out', ['tracecontext', 'jaeger', 'b3'], { traceparent: `00-${TRACE}-${SPAN}-01` }],
])('%s', async (_label, names, incoming) => {
  rec.exporter.reset();
  setPropagator(createPropagator(names));
  const [viaFetch, viaHttp] = (await send(up.port, '/', { headers: incoming })).json<Seen[]>();
  const ids = await clientIds(TRACE);
  for (const [path, seen] of [['/f', viaFetch!], ['/h', viaHttp!]] as const) {
    const parent = ids[path]!;
    expect(parent).toMatch(/^[0-9a-f]{16}$/);
    expect(seen.headers.traceparent).toBe(`00-${TRACE}-${parent}-01`);
    if (names.includes('b3')) expect(seen.headers.b3).toBe(`${TRACE}-${parent}-1`);
    if (names.includes('b3multi')) {
      expect([seen.headers['x-b3-traceid'], seen.headers['x-b3-spanid'], seen.headers['x-b3-sampled']]).toEqual([TRACE, parent, '1']);
      expect(seen.headers['x-b3-parentspanid']).toBeUndefined();
    }
    if (names.includes('jaeger')) expect(seen.headers['uber-trace-id']).toBe(`${TRACE}:${parent}:0:01`);
  }
});
