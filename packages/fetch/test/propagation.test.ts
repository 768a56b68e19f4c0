/**
 * Outbound propagation through real requests: a traced upstream server on 127.0.0.1 whose handler
 * calls a downstream server with fetch, http.request and http.get; the downstream reports the
 * headers it got. Expected ids come from the upstream's own span and the recorded CLIENT spans.
 */
import http from 'node:http';
import {
  Baggage,
  SpanKind,
  active,
  createTracer,
  run,
  suppressTracing,
  withBaggage,
  type ReadableSpan,
} from '@tracewire/core';
import { applyOutboundOption, instrumentOutbound } from '@tracewire/fetch';
import { send } from '../../../test-support/http-client';
import { TRACEPARENT, TRACE_ID, PARENT_ID } from '../../../test-support/trace-ids';
import { outboundHarness } from './helpers/harness';
import { fieldsOf, httpGetJson, tracedServer, type Seen } from './helpers/servers';

const h = outboundHarness();

function clientSpans(spans: ReadableSpan[]): ReadableSpan[] {
  return spans.filter((s) => s.kind === SpanKind.CLIENT);
}

const CLIENTS: Array<[string, (url: string, headers?: Record<string, string>) => Promise<Seen>]> = [
  ['fetch', async (url, headers) => (await fetch(url, { headers })).json() as Promise<Seen>],
  ['http.request', (url, headers) => new Promise((resolve, reject) => {
    const req = http.request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve(JSON.parse(body) as Seen));
    });
    req.on('error', reject);
    req.end();
  })],
  ['http.get', (url, headers) => httpGetJson(url, { headers })],
];

describe.each(CLIENTS)('%s inside a request', (_name, call) => {
  test('carries traceparent with the CLIENT span as parent, and the incoming tracestate and baggage', async () => {
    const up = await h.upstream(async () => call(`${h.down.url}/x`));
    const reply = await send(up.port, '/', { headers: { traceparent: TRACEPARENT, tracestate: 'vendor=opaque', baggage: 'tenant=acme' } });
    const seen = reply.json<Seen>();
    const spans = await h.rec.spans(2);
    const server = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const [client] = clientSpans(spans);
    const got = fieldsOf(seen.headers.traceparent);
    expect(got.traceId).toBe(TRACE_ID);
    expect(got.parentId).toBe(client!.spanContext().spanId);
    expect(got.flags).toBe('01');
    expect(client!.parentSpanId).toBe(server.spanContext().spanId);
    expect(server.parentSpanId).toBe(PARENT_ID);
    expect(seen.headers.tracestate).toBe('vendor=opaque');
    expect(seen.headers.baggage).toBe('tenant=acme');
    expect(seen.counts.traceparent).toBe(1);
  });

  test('outside any request context sends no trace headers and records no span', async () => {
    const seen = await call(`${h.down.url}/outside`);
    expect(seen.headers.traceparent).toBeUndefined();
    expect(seen.headers.tracestate).toBeUndefined();
    expect(await h.rec.settle()).toEqual([]);
  });

  test("a caller's own traceparent is neither overwritten nor doubled", async () => {
    const mine = '00-11111111111111111111111111111111-2222222222222222-01';
    const up = await h.upstream(async () => call(`${h.down.url}/mine`, { traceparent: mine }));
    const seen = (await send(up.port, '/', { headers: { baggage: 'k=v' } })).json<Seen>();
    expect(seen.headers.traceparent).toBe(mine);
    expect(seen.counts.traceparent).toBe(1);
    // fields the caller did not set are still injected
    expect(seen.headers.baggage).toBe('k=v');
  });

  test('an unsampled caller is forwarded unsampled (flags 00) with the trace id kept, and nothing is recorded', async () => {
    const up = await h.upstream(async () => call(`${h.down.url}/unsampled`));
    const seen = (await send(up.port, '/', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` } })).json<Seen>();
    const got = fieldsOf(seen.headers.traceparent);
    expect(got.traceId).toBe(TRACE_ID);
    expect(got.flags).toBe('00');
    expect(got.parentId).not.toBe(PARENT_ID);
    expect(await h.rec.settle()).toEqual([]);
  });

  test("tracewire's own export traffic (a suppressed context) is neither traced nor given headers", async () => {
    const up = await h.upstream(async () => run(suppressTracing(active()), () => call(`${h.down.url}/export`)));
    const seen = (await send(up.port, '/')).json<Seen>();
    expect(seen.headers.traceparent).toBeUndefined();
    const spans = await h.rec.settle();
    expect(clientSpans(spans)).toEqual([]);
  });
});

test('enabling again (explicitly, through an adapter option, twice) never doubles headers or spans', async () => {
  instrumentOutbound({ tracer: h.rec.tracer });
  applyOutboundOption(undefined);
  applyOutboundOption(true);
  const up = await h.upstream(async () => Promise.all([
    fetch(`${h.down.url}/twice-fetch`).then((r) => r.json() as Promise<Seen>),
    httpGetJson(`${h.down.url}/twice-http`),
  ]));
  const [viaFetch, viaHttp] = (await send(up.port, '/')).json<Seen[]>();
  expect(viaFetch!.counts.traceparent).toBe(1);
  expect(viaHttp!.counts.traceparent).toBe(1);
  const spans = await h.rec.spans(3);
  await h.rec.settle();
  expect(clientSpans(h.rec.finished())).toHaveLength(2);
  expect(spans.filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(1);
});

test('an adapter default after an explicit configuration keeps that configuration', async () => {
  instrumentOutbound({ tracer: h.rec.tracer, propagateTo: ['nowhere.invalid'] });
  applyOutboundOption(undefined);
  const up = await h.upstream(async () => fetchJson(`${h.down.url}/kept`));
  const seen = (await send(up.port, '/')).json<Seen>();
  expect(seen.headers.traceparent).toBeUndefined();
});

async function fetchJson(url: string): Promise<Seen> {
  return (await fetch(url)).json() as Promise<Seen>;
}

test('propagate-only (a tracer with no exporter): headers still flow, with a fresh parent id per call', async () => {
  const quiet = createTracer({ register: false, env: {} });
  instrumentOutbound({ tracer: quiet });
  const server = await tracedServer(quiet, async () => Promise.all([fetchJson(`${h.down.url}/p1`), fetchJson(`${h.down.url}/p2`)]));
  const [a, b] = await send(server.port, '/', { headers: { traceparent: TRACEPARENT } })
    .then((reply) => reply.json<Seen[]>())
    .finally(() => server.close());
  const fa = fieldsOf(a!.headers.traceparent);
  const fb = fieldsOf(b!.headers.traceparent);
  expect(fa.traceId).toBe(TRACE_ID);
  expect(fb.traceId).toBe(TRACE_ID);
  expect(fa.parentId).not.toBe(fb.parentId);
  expect([fa.parentId, fb.parentId]).not.toContain(PARENT_ID);
});

test('baggage added in the handler goes downstream', async () => {
  const up = await h.upstream(async () => {
    const ctx = active();
    const more = withBaggage(ctx, (ctx?.baggage ?? Baggage.parse('')).set('user', 'u-42'));
    return run(more, () => fetchJson(`${h.down.url}/baggage`));
  });
  const seen = (await send(up.port, '/')).json<Seen>();
  expect(seen.headers.baggage).toBe('user=u-42');
});
