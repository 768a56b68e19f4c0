/**
 * Options: the adapters' `outbound` switch (off leaves outbound calls alone), per-client switches,
 * and bad values throwing TracewireError at setup — never at request time.
 */
import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { TracewireError, setDiagLogger } from '@tracewire/core';
import { tracewire as expressTracing } from '@tracewire/express';
import { tracewire as koaTracing } from '@tracewire/koa';
import { tracewire as fastifyTracing } from '@tracewire/fastify';
import { applyOutboundOption, instrumentOutbound } from '@tracewire/fetch';
import { recording } from '../../../test-support/recording';
import { listen, type TestServer } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { downstream, httpGetJson, tracedServer, type Seen } from './helpers/servers';

setDiagLogger(null);

let down: TestServer & { seen: Seen[] };
beforeAll(async () => {
  down = await downstream();
});
afterAll(async () => {
  instrumentOutbound().disable();
  await down.close();
});

// first in this file, before anything has enabled the process-wide instrumentation
test('an adapter with outbound: false leaves outbound calls without trace headers', async () => {
  const app = express();
  app.use(expressTracing({ outbound: false }));
  app.get('/', async (_req, res) => {
    res.json(await (await fetch(`${down.url}/off`)).json());
  });
  const server = await listen(app as unknown as http.RequestListener);
  try {
    const seen = (await send(server.port, '/')).json<Seen>();
    expect(seen.headers.traceparent).toBeUndefined();
  } finally {
    await server.close();
  }
});

test('disable() restores http.request and http.get and stops fetch injection', async () => {
  const original = http.request;
  const handle = instrumentOutbound();
  expect(handle.enabled).toBe(true);
  expect(http.request).not.toBe(original);
  handle.disable();
  expect(handle.enabled).toBe(false);
  expect(http.request).toBe(original);
});

test.each([
  ['fetch: false', { fetch: false }, { fetch: false, http: true }],
  ['http: false', { http: false }, { fetch: true, http: false }],
])('%s switches off that client only', async (_label, options, expected) => {
  const rec = recording();
  instrumentOutbound({ tracer: rec.tracer, ...options });
  const up = await tracedServer(rec.tracer, async () => Promise.all([
    fetch(`${down.url}/f`).then((r) => r.json() as Promise<Seen>),
    httpGetJson(`${down.url}/h`),
  ]));
  try {
    const [viaFetch, viaHttp] = (await send(up.port, '/')).json<Seen[]>();
    expect({ fetch: viaFetch!.headers.traceparent !== undefined, http: viaHttp!.headers.traceparent !== undefined }).toEqual(expected);
  } finally {
    await up.close();
    await rec.tracer.shutdown();
    instrumentOutbound().disable();
  }
});

describe('bad options throw TracewireError (TW_ERR_INVALID_OPTION) at setup', () => {
  test.each([
    ['outbound: "yes"', () => applyOutboundOption('yes' as never)],
    ['outbound: null', () => applyOutboundOption(null as never)],
    ['fetch: "no"', () => instrumentOutbound({ fetch: 'no' as never })],
    ['http: 0', () => instrumentOutbound({ http: 0 as never })],
    ['tracer: {}', () => instrumentOutbound({ tracer: {} as never })],
    ['knownMethods: "GET"', () => instrumentOutbound({ knownMethods: 'GET' as never })],
    ['propagateTo: 42', () => instrumentOutbound({ propagateTo: 42 as never })],
    ['express outbound: 1', () => expressTracing({ outbound: 1 as never })],
    ['koa outbound: "on"', () => koaTracing({ outbound: 'on' as never })],
  ])('%s', (_label, setup) => {
    let thrown: unknown;
    try {
      setup();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TracewireError);
    expect((thrown as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
  });

  test('fastify outbound: "on" fails registration', async () => {
    const app = Fastify();
    await expect(app.register(fastifyTracing, { outbound: 'on' as never })).rejects.toThrow(/outbound/);
    await app.close().catch(() => undefined);
  });
});

test('OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS applies to client spans too', async () => {
  const rec = recording();
  instrumentOutbound({ tracer: rec.tracer, env: { OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS: 'GET,PURGE' } });
  const up = await tracedServer(rec.tracer, async () => (await fetch(`${down.url}/p`, { method: 'PURGE' })).text());
  try {
    await send(up.port, '/');
    const spans = await rec.spans(2);
    expect(spans.map((s) => s.name).sort()).toEqual(['GET', 'PURGE']);
  } finally {
    await up.close();
    await rec.tracer.shutdown();
    instrumentOutbound().disable();
  }
});
