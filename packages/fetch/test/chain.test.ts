/**
 * The promise of the one line: three services, each with only its framework adapter (Express →
 * Koa → Fastify, no explicit outbound setup — the adapters enable it by default), calling each
 * other with fetch and http.get, form one trace whose parent links are exactly the CLIENT spans.
 * Also 200 concurrent requests through a hop keep their own trace ids.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import Fastify from 'fastify';
import {
  InMemorySpanExporter,
  SpanKind,
  createTracer,
  setDiagLogger,
  setTracer,
  type ReadableSpan,
  type Tracer,
} from '@tracewire/core';
import { tracewire as expressTracing } from '@tracewire/express';
import { tracewire as koaTracing } from '@tracewire/koa';
import { tracewire as fastifyTracing } from '@tracewire/fastify';
import { instrumentOutbound } from '@tracewire/fetch';
import { listen, type TestServer } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { orderedTraceparent } from '../../../test-support/trace-ids';
import { sleep } from '../../../test-support/timing';
import { downstream, fieldsOf, httpGetJson, type Seen } from './helpers/servers';

setDiagLogger(null);

let exporter: InMemorySpanExporter;
let tracer: Tracer;
const closers: Array<() => Promise<unknown>> = [];

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  // the process-wide tracer: what adapters and outbound calls use when given none
  tracer = createTracer({ exporter, env: {}, batch: { scheduledDelayMillis: 1 } });
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await tracer.shutdown();
  setTracer(undefined);
});
afterAll(() => instrumentOutbound().disable());

async function spansUntil(count: number): Promise<ReadableSpan[]> {
  for (let i = 0; i < 400 && exporter.getFinishedSpans().length < count; i++) {
    await tracer.forceFlush();
    await sleep(5);
  }
  const spans = exporter.getFinishedSpans().slice();
  if (spans.length < count) throw new Error(`expected ${count} spans, got ${spans.length}`);
  return spans;
}

async function fastifyService(downstreamUrl: string): Promise<string> {
  const app = Fastify();
  await app.register(fastifyTracing);
  app.get('/ship/:id', async () => httpGetJson(`${downstreamUrl}/external`));
  await app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => app.close());
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function koaService(next: string): Promise<string> {
  const app = new Koa();
  app.use(koaTracing());
  app.use(async (ctx) => {
    ctx.body = await (await fetch(`${next}/ship/7`)).json();
  });
  const server = await listen(app.callback());
  closers.push(() => server.close());
  return server.url;
}

async function expressService(next: string): Promise<TestServer> {
  const app = express();
  app.use(expressTracing());
  app.get('/checkout', async (_req, res) => {
    res.json(await (await fetch(`${next}/stock`)).json());
  });
  const server = await listen(app as unknown as http.RequestListener);
  closers.push(() => server.close());
  return server;
}

test('gateway (Express) → inventory (Koa) → shipping (Fastify) → external: one trace, parents are the CLIENT spans', async () => {
  const external = await downstream();
  closers.push(() => external.close());
  const shipping = await fastifyService(external.url);
  const inventory = await koaService(shipping);
  const gateway = await expressService(inventory);
  const caller = orderedTraceparent(1);

  const reply = await send(gateway.port, '/checkout', { headers: { traceparent: caller.traceparent } });
  expect(reply.status).toBe(200);
  const seenByExternal = reply.json<Seen>();

  // 3 SERVER + 3 CLIENT spans
  const spans = await spansUntil(6);
  expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([caller.traceId]));
  const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
  const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
  expect(servers.map((s) => s.name).sort()).toEqual(['GET /checkout', 'GET /ship/:id', 'GET'].sort());
  expect(clients).toHaveLength(3);

  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const gatewaySpan = servers.find((s) => s.name === 'GET /checkout')!;
  expect(gatewaySpan.parentSpanId).toBe(caller.parentId);
  // every other SERVER span's parent is a CLIENT span whose parent is the previous SERVER span
  const chain = [gatewaySpan];
  for (let hop = 0; hop < 2; hop++) {
    const client = clients.find((c) => c.parentSpanId === chain.at(-1)!.spanContext().spanId)!;
    const next = servers.find((s) => s.parentSpanId === client.spanContext().spanId)!;
    expect(next).toBeDefined();
    expect(byId.get(next.parentSpanId!)!.kind).toBe(SpanKind.CLIENT);
    chain.push(next);
  }
  expect(chain.map((s) => s.attributes['url.path'])).toEqual(['/checkout', '/stock', '/ship/7']);
  // the external API got the shipping service's CLIENT span as parent
  const last = clients.find((c) => c.parentSpanId === chain[2]!.spanContext().spanId)!;
  expect(fieldsOf(seenByExternal.headers.traceparent)).toEqual({ traceId: caller.traceId, parentId: last.spanContext().spanId, flags: '01' });
});

test('200 concurrent requests, each forwarding downstream after its own delay, keep their own trace ids', async () => {
  const down = await downstream();
  closers.push(() => down.close());
  const app = express();
  app.use(expressTracing());
  app.get('/n/:n', async (req, res) => {
    await sleep(Number(req.params.n) % 7);
    const viaFetch = (await (await fetch(`${down.url}/f/${req.params.n}`)).json()) as Seen;
    const viaHttp = await httpGetJson(`${down.url}/h/${req.params.n}`);
    res.json([viaFetch.headers.traceparent, viaHttp.headers.traceparent]);
  });
  const server = await listen(app as unknown as http.RequestListener);
  closers.push(() => server.close());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  closers.push(async () => agent.destroy());

  const results = await Promise.all(
    Array.from({ length: 200 }, async (_, n) => {
      const caller = orderedTraceparent(n);
      const reply = await send(server.port, `/n/${n}`, { headers: { traceparent: caller.traceparent }, agent });
      return { caller, forwarded: reply.json<string[]>() };
    }),
  );
  let mismatches = 0;
  for (const { caller, forwarded } of results) {
    for (const value of forwarded) if (fieldsOf(value).traceId !== caller.traceId) mismatches++;
  }
  expect(mismatches).toBe(0);
  const spans = await spansUntil(600);
  const clientParents = new Set(spans.filter((s) => s.kind === SpanKind.CLIENT).map((s) => s.parentSpanId));
  expect(clientParents.size).toBe(200);
}, 30_000);
