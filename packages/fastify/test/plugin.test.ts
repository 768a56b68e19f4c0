/**
 * Registering the plugin: the ways it can be imported, option validation at register time,
 * where its hooks apply, Fastify's trustProxy, and `inject` (no socket) not crashing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TracewireError, currentIds } from '@tracewire/core';
import type { FastifyInstance } from 'fastify';
import defaultExport, { tracewire } from '@tracewire/fastify';
import { MAJORS, closeAll, startApp } from './helpers/harness';
import { InMemorySpanExporter } from '@tracewire/core';
import { memoryTracer } from '../../../test-support/recording';
import { send } from '../../../test-support/http-client';
import { TRACE_ID } from '../../../test-support/trace-ids';

const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

afterEach(closeAll);

describe.each(MAJORS)('%s: registering', (_major, fastify) => {
  async function tracedAnswer(register: (app: FastifyInstance) => Promise<unknown> | unknown): Promise<unknown> {
    const app = fastify();
    try {
      await register(app);
      app.get('/ids', async () => ({ traceId: currentIds()?.traceId }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const res = await send((app.server.address() as import('node:net').AddressInfo).port, '/ids', { headers: { traceparent: TRACEPARENT } });
      return res.json().traceId;
    } finally {
      await app.close();
    }
  }

  test.each([
    ['the named export', (app: FastifyInstance) => app.register(tracewire, { tracer: memoryTracer(new InMemorySpanExporter()) })],
    ['the default import', (app: FastifyInstance) => app.register(defaultExport, { tracer: memoryTracer(new InMemorySpanExporter()) })],
    ['require() of the package', (app: FastifyInstance) => app.register(require('@tracewire/fastify'), { tracer: memoryTracer(new InMemorySpanExporter()) })],
  ])('%s applies to the whole app (fastify-plugin: no encapsulation)', async (_case, register) => {
    expect(await tracedAnswer(register)).toBe(TRACE_ID);
  });

  test('routes declared before the plugin are traced as well (Fastify applies hooks when it starts)', async () => {
    const app = fastify();
    app.get('/early', async () => ({ traceId: currentIds()?.traceId }));
    await app.register(tracewire, { tracer: memoryTracer(new InMemorySpanExporter()) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await send((app.server.address() as import('node:net').AddressInfo).port, '/early', { headers: { traceparent: TRACEPARENT } });
      expect(res.json().traceId).toBe(TRACE_ID);
    } finally {
      await app.close();
    }
  });

  test.each([
    ['traceResponseHeader', { traceResponseHeader: 'yes' }],
    ['ignorePaths', { ignorePaths: ['health'] }],
    ['requestIdHeader', { requestIdHeader: 'bad header' }],
    ['tracer', { tracer: {} }],
    ['logIds', { logIds: 'true' }],
  ])('a bad %s option fails registration with TracewireError', async (option, options) => {
    const app = fastify();
    try {
      const failure = await app.register(tracewire, options as never).ready().then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(TracewireError);
      expect((failure as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
      expect((failure as TracewireError).message).toContain(option);
    } finally {
      await app.close().catch(() => {});
    }
  });

  test('registered twice: one span per request, and a warning', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = memoryTracer(exporter);
    const h = await startApp(fastify, {
      tracer,
      exporter,
      routes: (app) => {
        void app.register(tracewire, { tracer });
        app.get('/once', async () => 'ok');
      },
    });
    await send(h.port, '/once');
    await h.spans(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await tracer.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(h.logs().some((l) => l.level === 40 && String(l.msg).includes('already registered'))).toBe(true);
  });

  test('inject (no socket) works: the handler has its context, nothing crashes', () => {
    // Fastify 5's inject loads an ESM-only dependency that jest cannot require on Node 20, so the
    // check runs in plain node against the built package (`npx tsc -b packages/*` first)
    const moduleName = _major === 'fastify 5' ? 'fastify' : 'fastify4';
    const script = `
      const { tracewire } = require('@tracewire/fastify');
      const { createTracer, currentIds } = require('@tracewire/core');
      const app = require(${JSON.stringify(moduleName)})();
      const tracer = createTracer({ register: false, env: {} });
      app.register(tracewire, { tracer });
      app.get('/ids/:id', async (request) => ({ traceId: currentIds()?.traceId, mine: request.tracewire.traceId }));
      app.inject({ url: '/ids/1', headers: { traceparent: ${JSON.stringify(TRACEPARENT)} } })
        .then((res) => { console.log(JSON.stringify({ status: res.statusCode, body: res.json(), traceresponse: res.headers.traceresponse })); return app.close(); });
    `;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout) as { status: number; body: unknown; traceresponse: string };
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ traceId: TRACE_ID, mine: TRACE_ID });
    expect(result.traceresponse).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
  });
});

describe.each(MAJORS)('%s: trust proxy', (_major, fastify) => {
  const forwarded = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example:8443' };
  const route = (app: FastifyInstance) => app.get('/p', async () => 'p');

  test('Fastify without trustProxy: forwarding headers are not believed', async () => {
    const h = await startApp(fastify, { routes: route });
    await send(h.port, '/p', { headers: forwarded });
    const [span] = await h.spans(1);
    expect(span!.attributes).toMatchObject({ 'client.address': '127.0.0.1', 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': h.port });
  });

  test('Fastify with trustProxy: they are', async () => {
    const h = await startApp(fastify, { routes: route, fastify: { trustProxy: true } });
    await send(h.port, '/p', { headers: forwarded });
    const [span] = await h.spans(1);
    expect(span!.attributes).toMatchObject({ 'client.address': '203.0.113.9', 'url.scheme': 'https', 'server.address': 'shop.example', 'server.port': 8443 });
    expect(span!.attributes['network.peer.address']).toBe('127.0.0.1');
  });

  test('an explicit trustProxy option wins over Fastify\'s setting', async () => {
    const h = await startApp(fastify, { routes: route, fastify: { trustProxy: true }, plugin: { trustProxy: false } });
    await send(h.port, '/p', { headers: forwarded });
    const [span] = await h.spans(1);
    expect(span!.attributes['client.address']).toBe('127.0.0.1');
  });
});
