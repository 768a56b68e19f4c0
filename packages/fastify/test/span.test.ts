/**
 * The SERVER span for each outcome, against a real server (SPEC-NOTES §5): name from the matched
 * route template, kind, parent, attributes, status — 200, 404, unknown method, thrown error,
 * custom 4xx error handler, aborted request.
 */
import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, SpanStatusCode, currentIds } from '@tracewire/core';
import { MAJORS, closeAll, startApp } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { TRACE_ID, PARENT_ID, TRACEPARENT } from '../../../test-support/trace-ids';
import { deferred } from '../../../test-support/timing';
import { expectLoopbackServerAttributes } from '../../../test-support/server-span';


afterEach(closeAll);

describe.each(MAJORS)('%s: SERVER span', (_major, fastify) => {
  test('200 on a parameterised route: named by the template, child of the incoming parent, §5.4 attributes, status unset', async () => {
    const h = await startApp(fastify, { routes: (app) => app.get('/users/:id', async () => ({ ok: true })) });
    const res = await send(h.port, '/users/42?q=1&sig=secret', { headers: { traceparent: TRACEPARENT, 'user-agent': 'tw-test/1' } });
    expect(res.status).toBe(200);
    const [span] = await h.spans(1);
    expect(span!.name).toBe('GET /users/:id');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(TRACE_ID);
    expect(span!.parentSpanId).toBe(PARENT_ID);
    expect(span!.parentIsRemote).toBe(true);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expectLoopbackServerAttributes(span!, { path: '/users/42', query: 'q=1&sig=REDACTED', route: '/users/:id', status: 200, port: h.port, userAgent: 'tw-test/1' });
    expect(span!.attributes).not.toHaveProperty('error.type');
  });

  test('the route template includes the prefix of the plugin that declared it', async () => {
    const h = await startApp(fastify, {
      routes: (app) => {
        void app.register(async (child) => {
          child.get('/items/:itemId', async () => 'item');
        }, { prefix: '/api/v1' });
      },
    });
    await send(h.port, '/api/v1/items/7');
    const [span] = await h.spans(1);
    expect(span!.name).toBe('GET /api/v1/items/:itemId');
    expect(span!.attributes['http.route']).toBe('/api/v1/items/:itemId');
  });

  test('404 without a matched route: the method alone, no http.route, status unset (4xx is the client\'s)', async () => {
    const h = await startApp(fastify, { routes: (app) => app.get('/users/:id', async () => 'x') });
    const res = await send(h.port, '/no/such/path/123');
    expect(res.status).toBe(404);
    const [span] = await h.spans(1);
    expect(span!.name).toBe('GET');
    expect(span!.attributes).not.toHaveProperty('http.route');
    expect(span!.attributes['http.response.status_code']).toBe(404);
    expect(span!.attributes['url.path']).toBe('/no/such/path/123');
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('a method outside the known list is named HTTP, recorded as _OTHER with the original', async () => {
    const h = await startApp(fastify, {
      routes: (app) => {
        // Fastify 5 accepts WebDAV methods only once declared; Fastify 4 knows them already
        const withMethods = app as unknown as { addHttpMethod?: (method: string, options: { hasBody: boolean }) => void };
        withMethods.addHttpMethod?.('PROPFIND', { hasBody: true });
        app.route({ method: 'PROPFIND' as 'GET', url: '/dav/:file', handler: async () => 'dav' });
      },
    });
    expect((await send(h.port, '/dav/a.txt', { method: 'PROPFIND' })).status).toBe(200);
    expect((await send(h.port, '/elsewhere', { method: 'PROPFIND' })).status).toBe(404);
    const spans = await h.spans(2);
    const byPath = Object.fromEntries(spans.map((s) => [s.attributes['url.path'], s]));
    expect(byPath['/dav/a.txt']!.name).toBe('HTTP /dav/:file');
    expect(byPath['/elsewhere']!.name).toBe('HTTP');
    for (const span of spans) {
      expect(span.attributes['http.request.method']).toBe('_OTHER');
      expect(span.attributes['http.request.method_original']).toBe('PROPFIND');
    }
  });

  test('a thrown error: exception event (type, message, stack), 500 → ERROR with error.type "500"; Fastify\'s response unchanged', async () => {
    class PaymentError extends Error {
      override name = 'PaymentError';
    }
    const routes = (app: import('fastify').FastifyInstance) =>
      app.get('/pay/:id', async () => {
        throw new PaymentError('card declined');
      });
    const h = await startApp(fastify, { routes });
    const traced = await send(h.port, '/pay/1');

    // the same app without tracewire answers the same way
    const plain = fastify();
    routes(plain);
    await plain.listen({ port: 0, host: '127.0.0.1' });
    const untraced = await send((plain.server.address() as import('node:net').AddressInfo).port, '/pay/1');
    await plain.close();
    expect(traced.status).toBe(500);
    expect(traced.body).toBe(untraced.body);
    expect(traced.headers['content-type']).toBe(untraced.headers['content-type']);

    const [span] = await h.spans(1);
    expect(span!.name).toBe('GET /pay/:id');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('500');
    expect(span!.attributes['http.response.status_code']).toBe(500);
    const exceptions = span!.events.filter((e) => e.name === 'exception');
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]!.attributes['exception.type']).toBe('PaymentError');
    expect(exceptions[0]!.attributes['exception.message']).toBe('card declined');
    expect(String(exceptions[0]!.attributes['exception.stacktrace'])).toContain('card declined');
    expect(String(exceptions[0]!.attributes['exception.stacktrace'])).toContain('span.test.ts');
  });

  test('an error the app\'s error handler turns into a 4xx: its answer is sent as is, the span stays unset', async () => {
    const h = await startApp(fastify, {
      routes: (app) => {
        app.setErrorHandler((error, _request, reply) => {
          void reply.code(422).send({ problem: (error as Error).message });
        });
        app.post('/orders', async () => {
          throw new Error('quantity must be positive');
        });
      },
    });
    const res = await send(h.port, '/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":-1}' });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ problem: 'quantity must be positive' });
    const [span] = await h.spans(1);
    expect(span!.attributes['http.response.status_code']).toBe(422);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).not.toHaveProperty('error.type');
  });

  test('aborted request: the client drops the socket while the handler awaits → ERROR, error.type "aborted"; the handler keeps its context', async () => {
    const inHandler = deferred();
    const handlerDone = deferred<string | undefined>();
    const h = await startApp(fastify, {
      routes: (app) =>
        app.get('/slow/:id', async () => {
          inHandler.resolve();
          await sleep(150);
          // the client is gone; what the handler does next still belongs to its request
          handlerDone.resolve(currentIds()?.traceId);
          return 'too late';
        }),
    });
    const req = httpRequest({ host: '127.0.0.1', port: h.port, path: '/slow/1', headers: { traceparent: TRACEPARENT }, agent: false });
    req.on('error', () => {});
    req.end();
    await inHandler.promise;
    req.destroy();

    const [span] = await h.spans(1);
    expect(span!.name).toBe('GET /slow/:id');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('aborted');
    expect(span!.attributes).not.toHaveProperty('http.response.status_code');
    expect(await handlerDone.promise).toBe(TRACE_ID);
    await sleep(20);
    // one span per request, nothing more after the late reply
    await h.tracer.forceFlush();
    expect(h.exporter.getFinishedSpans()).toHaveLength(1);
  });
});
