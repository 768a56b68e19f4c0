/**
 * Two real node:http services on 127.0.0.1, traced by `createHttpServerTracing`: the first receives
 * B3/Jaeger/legacy headers and, inside its handler, calls the second with `http.request` and
 * `inject(active(), headers)`. The second must see the same trace, with the first's SERVER span
 * as its parent, in each configured format.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { active, run } from '../../src/context/store';
import { setDiagLogger } from '../../src/diag';
import { createHttpServerTracing } from '../../src/http/server-tracing';
import { inject, setPropagator } from '../../src/propagation/api';
import { createPropagator } from '../../src/propagation/by-name';
import type { ReadableSpan } from '../../src/types';
import { send } from '../../../../test-support/http-client';
import { recording, type Recording } from '../../../../test-support/recording';
import { HOST, listen, type TestServer } from '../../../../test-support/servers';
import { P, S, T16, T16_PADDED, T32 } from './formats';

let servers: TestServer[] = [];
let rec: Recording;
let downstream: TestServer;
let upstream: TestServer;

beforeAll(async () => {
  setDiagLogger(null);
  rec = recording();
  const tracing = createHttpServerTracing({ tracer: rec.tracer, env: {} });
  // the second service answers with the headers it received
  downstream = await listen((req, res) => {
    const trace = tracing.start(req, res);
    run(trace.context, () => res.end(JSON.stringify(req.headers)));
  });
  // the first calls the second from inside its request, injecting the active context
  upstream = await listen((req, res) => {
    const trace = tracing.start(req, res);
    run(trace.context, () => {
      const headers: Record<string, string> = {};
      inject(active(), headers);
      const call = http.request({ host: HOST, port: downstream.port, path: '/second', headers, agent: false }, (answer) => {
        let body = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (body += chunk));
        answer.on('end', () => res.end(body));
      });
      call.on('error', (error) => res.end(JSON.stringify({ error: String(error) })));
      call.end();
    });
  });
  servers = [downstream, upstream];
});
afterEach(() => setPropagator(undefined));
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

interface Hop {
  /** what the second service received */
  received: IncomingHttpHeaders;
  first: ReadableSpan;
  second: ReadableSpan;
}

/** Sends `headers` to the first service with `formats` as the process-wide propagators. */
async function hop(formats: string[], headers: Record<string, string> | string[]): Promise<Hop> {
  setPropagator(createPropagator(formats));
  rec.exporter.reset();
  const reply = await send(upstream.port, '/first', { headers });
  const received = reply.json<IncomingHttpHeaders>();
  const [first, second] = await Promise.all([rec.span('/first'), rec.span('/second')]);
  return { received, first, second };
}

function expectContinued({ first, second }: Hop, traceId: string, remoteParentId: string | undefined): void {
  expect(first.spanContext().traceId).toBe(traceId);
  expect(first.parentSpanId).toBe(remoteParentId);
  expect(first.spanContext().spanId).not.toBe(remoteParentId);
  expect(second.spanContext().traceId).toBe(traceId);
  expect(second.parentSpanId).toBe(first.spanContext().spanId);
  expect(second.parentIsRemote).toBe(true);
}

describe('a B3/Jaeger trace crosses two real services', () => {
  test('b3: single header in, single header out', async () => {
    const result = await hop(['b3'], { b3: `${T32}-${S}-1-${P}` });
    expectContinued(result, T32, S);
    expect(result.received.b3).toBe(`${T32}-${result.first.spanContext().spanId}-1`);
    expect(result.received['x-b3-parentspanid']).toBeUndefined();
  });

  test('b3multi: a 64-bit trace id in, 32 hex out; X-B3-Sampled, never X-B3-ParentSpanId', async () => {
    const result = await hop(['b3multi'], { 'X-B3-TraceId': T16, 'X-B3-SpanId': S, 'X-B3-ParentSpanId': P, 'X-B3-Sampled': '1' });
    expectContinued(result, T16_PADDED, S);
    expect(result.received).toMatchObject({ 'x-b3-traceid': T16_PADDED, 'x-b3-spanid': result.first.spanContext().spanId, 'x-b3-sampled': '1' });
    expect(result.received['x-b3-parentspanid']).toBeUndefined();
    expect(result.first.spanContext().traceFlags).toBe(1); // sampled, no random flag (§1.7)
  });

  test('jaeger: uber-trace-id and uberctx-* baggage, percent-encoded on the way in', async () => {
    const result = await hop(['jaeger'], { 'uber-trace-id': `${T32}%3A${S}%3A0%3A1`, 'uberctx-user': 'al%20ice' });
    expectContinued(result, T32, S);
    expect(result.received['uber-trace-id']).toBe(`${T32}:${result.first.spanContext().spanId}:0:01`);
    expect(result.received['uberctx-user']).toBe('al%20ice');
  });

  test('b3 debug goes on as debug; deferred B3 is decided here and sent as decided, in every configured format', async () => {
    const debug = await hop(['b3multi'], { 'x-b3-traceid': T32, 'x-b3-spanid': S, 'x-b3-flags': '1' });
    expectContinued(debug, T32, S);
    expect(debug.received['x-b3-flags']).toBe('1');
    expect(debug.received['x-b3-sampled']).toBeUndefined();

    const deferred = await hop(['b3', 'tracecontext'], { b3: `${T32}-${S}` });
    expectContinued(deferred, T32, S);
    const id = deferred.first.spanContext().spanId;
    expect(deferred.received).toMatchObject({ b3: `${T32}-${id}-1`, traceparent: `00-${T32}-${id}-01` });
  });

  test('a repeated b3 line, joined by Node: the first value wins', async () => {
    const result = await hop(['b3'], ['b3', `${T32}-${S}-1`, 'b3', `${T16}-${P}-0`, 'host', `${HOST}:${upstream.port}`]);
    expectContinued(result, T32, S);
  });

  test('xtraceid: an x-request-id UUID names the trace; no parent is invented; traceparent goes on', async () => {
    const result = await hop(['xtraceid', 'tracecontext'], { 'x-request-id': '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
    expectContinued(result, '3f2504e04f8911d39a0c0305e82c3301', undefined);
    expect(result.first.parentIsRemote).toBeUndefined();
    expect(result.received.traceparent).toBe(`00-3f2504e04f8911d39a0c0305e82c3301-${result.first.spanContext().spanId}-01`);
  });
});
