import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { active, currentIds, run } from '../../src/context/store';
import { createTracer } from '../../src/create-tracer';
import { setDiagLogger } from '../../src/diag';
import type { InMemorySpanExporter } from '../../src/export/in-memory-exporter';
import { createHttpServerTracing, type StartOptions } from '../../src/http/server-tracing';
import { SpanKind, SpanStatusCode, type HttpServerTracingOptions, type ReadableSpan, type RequestTrace, type Tracer } from '../../src/types';
import { send } from '../../../../test-support/http-client';
import { recording } from '../../../../test-support/recording';
import { HOST, closeServer, listenOn } from '../../../../test-support/servers';
import { INVALID_TRACEPARENTS, PARENT_ID, TRACE_ID } from '../../../../test-support/trace-ids';
import { expectLoopbackServerAttributes } from '../../../../test-support/server-span';

type Handler = (req: IncomingMessage, res: ServerResponse, trace: RequestTrace) => unknown;

interface Harness {
  url: string;
  port: number;
  server: Server;
  tracer: Tracer;
  exporter: InMemorySpanExporter;
  spans(count: number): Promise<ReadableSpan[]>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});
beforeAll(() => setDiagLogger(null));

async function serve(handler: Handler, options: HttpServerTracingOptions = {}, start: StartOptions = {}): Promise<Harness> {
  const { tracer, exporter, spans } = recording();
  const tracing = createHttpServerTracing({ tracer, env: {}, ...options });
  const server = createServer((req, res) => {
    const trace = tracing.start(req, res, start);
    run(trace.context, () => handler(req, res, trace));
  });
  servers.push(server);
  const port = await listenOn(server);
  // spans() waits: the span ends on res 'close', which can trail the client's view of the response
  return { url: `http://${HOST}:${port}`, port, server, tracer, exporter, spans };
}

describe('createHttpServerTracing', () => {
  test('continues the incoming trace with a SERVER span carrying the §5.4 attributes', async () => {
    const h = await serve((_req, res) => res.end('ok'), {}, { route: () => '/users/:id' });
    const reply = await send(h.port, '/users/42?x=1&sig=secret', {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, 'user-agent': 'test-agent/1.0' },
    });
    expect(reply.status).toBe(200);
    const [span] = await h.spans(1);
    expect(span!.name).toBe('GET /users/:id');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(TRACE_ID);
    expect(span!.parentSpanId).toBe(PARENT_ID);
    expect(span!.parentIsRemote).toBe(true);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expectLoopbackServerAttributes(span!, { path: '/users/42', query: 'x=1&sig=REDACTED', route: '/users/:id', status: 200, port: h.port, userAgent: 'test-agent/1.0' });
  });

  test('traceresponse names this server span; it can be switched off', async () => {
    const h = await serve((_req, res, trace) => res.end(trace.spanId));
    const reply = await send(h.port, '/', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    expect(reply.headers.traceresponse).toBe(`00-${TRACE_ID}-${reply.body}-01`);
    const off = await serve((_req, res) => res.end(), { traceResponseHeader: false });
    expect((await send(off.port, '/')).headers.traceresponse).toBeUndefined();
  });

  test.each<[string, string | undefined]>([
    ['absent', undefined],
    ...INVALID_TRACEPARENTS.filter(([name]) => ['uppercase hex', 'all-zero trace id', 'version ff'].includes(name)),
  ])('%s traceparent: a new root trace, tracestate dropped', async (_name, traceparent) => {
    const h = await serve((_req, res) => res.end(JSON.stringify(currentIds())));
    const headers: Record<string, string> = { tracestate: 'vendor=x' };
    if (traceparent) headers.traceparent = traceparent;
    const reply = await send(h.port, '/', { headers });
    const ids = JSON.parse(reply.body);
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.traceId).not.toBe(TRACE_ID);
    expect(ids.traceFlags).toBe('03');
    const [span] = await h.spans(1);
    expect(span!.parentSpanId).toBeUndefined();
    expect(span!.spanContext().traceState).toBeUndefined();
  });

  test('a context active where the server listens does not leak into requests without traceparent', async () => {
    const outer = createTracer({ register: false, env: {} });
    const h = await outer.startActiveSpan('ambient', () => serve((_req, res) => res.end(JSON.stringify(currentIds()))));
    const ids = JSON.parse((await send(h.port, '/')).body);
    const [span] = await h.spans(1);
    expect(span!.parentSpanId).toBeUndefined();
    expect(span!.spanContext().traceId).toBe(ids.traceId);
  });

  test('no route: the name is the method alone; unknown methods are HTTP / _OTHER', async () => {
    const h = await serve((_req, res) => { res.statusCode = 404; res.end(); });
    await send(h.port, '/nowhere/123');
    await send(h.port, '/x', { method: 'PROPFIND' });
    const spans = await h.spans(2);
    const byPath = Object.fromEntries(spans.map((s) => [s.attributes['url.path'], s]));
    expect(byPath['/nowhere/123']!.name).toBe('GET');
    expect(byPath['/nowhere/123']!.attributes['http.route']).toBeUndefined();
    expect(byPath['/nowhere/123']!.status.code).toBe(SpanStatusCode.UNSET); // 4xx is not a server error
    expect(byPath['/x']!.name).toBe('HTTP');
    expect(byPath['/x']!.attributes['http.request.method']).toBe('_OTHER');
    expect(byPath['/x']!.attributes['http.request.method_original']).toBe('PROPFIND');
  });

  test('5xx marks the span ERROR with error.type; the reported exception becomes one event', async () => {
    const h = await serve((_req, res, trace) => {
      const error = new TypeError('boom');
      trace.recordError(error);
      trace.recordError(error);
      res.statusCode = 503;
      res.end();
    });
    await send(h.port, '/');
    const [span] = await h.spans(1);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('503');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
    expect(span!.events[0]!.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'boom' });
    expect(String(span!.events[0]!.attributes['exception.stacktrace'])).toContain('TypeError: boom');
  });

  test('an exception the app handled into a 4xx is not an exception event (SPEC-NOTES §4.7)', async () => {
    const h = await serve((_req, res, trace) => {
      trace.recordError(new RangeError('bad input'));
      res.statusCode = 422;
      res.end();
    });
    await send(h.port, '/');
    const [span] = await h.spans(1);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.events).toEqual([]);
    expect(span!.attributes['error.type']).toBeUndefined();
  });

  test('the user\'s trustProxy option wins over the framework\'s setting', async () => {
    const h = await serve((_req, res) => res.end(), { trustProxy: false }, { trustProxy: true });
    await send(h.port, '/', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const [span] = await h.spans(1);
    expect(span!.attributes['client.address']).toBe('127.0.0.1');
  });

  test('an aborted request ends its span as an error, and the handler keeps its own context', async () => {
    let expected: string | undefined;
    let finishHandler!: (id: string | undefined) => void;
    const handlerDone = new Promise<string | undefined>((resolve) => (finishHandler = resolve));
    const h = await serve(async (_req, res, trace) => {
      expected = trace.traceId;
      await sleep(80);
      finishHandler(currentIds()?.traceId);
      res.end('late');
    });
    const req = request({ host: '127.0.0.1', port: h.port, path: '/slow', agent: false });
    req.on('error', () => {});
    req.end();
    setTimeout(() => req.destroy(), 20);
    const [span] = await h.spans(1);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('aborted');
    expect(span!.attributes['http.response.status_code']).toBeUndefined();
    expect(await handlerDone).toBe(expected);
  });

  test('request ids: a valid incoming one is honoured, an unsafe one replaced; echo is opt-in', async () => {
    const h = await serve((_req, res, trace) => res.end(trace.requestId), { echoRequestId: true });
    const kept = await send(h.port, '/', { headers: { 'x-request-id': 'req-123_abc' } });
    expect(kept.body).toBe('req-123_abc');
    expect(kept.headers['x-request-id']).toBe('req-123_abc');
    const replaced = await send(h.port, '/', { headers: { 'x-request-id': 'evil\tvalue<script>' } });
    expect(replaced.body).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await send(h.port, '/', { headers: { 'x-request-id': 'a'.repeat(129) } });
    expect(tooLong.body).toMatch(/^[0-9a-f-]{36}$/);
    const quiet = await serve((_req, res, trace) => res.end(trace.requestId));
    const noEcho = await send(quiet.port, '/');
    expect(noEcho.headers['x-request-id']).toBeUndefined();
    expect(noEcho.body).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('ignored paths get ids but no exported span; user paths add to the defaults unless replacing', async () => {
    const h = await serve((_req, res, trace) => res.end(JSON.stringify({ id: currentIds()?.traceId, ignored: trace.ignored })), {
      ignorePaths: ['/internal/ping', /^\/static\//],
    });
    for (const path of ['/health', '/metrics', '/internal/ping', '/static/app.js']) {
      const body = JSON.parse((await send(h.port, path, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } })).body);
      expect(body).toEqual({ id: TRACE_ID, ignored: true });
    }
    await send(h.port, '/work');
    const spans = await h.spans(1);
    await sleep(20);
    await h.tracer.forceFlush();
    expect(h.exporter.getFinishedSpans().map((s) => s.attributes['url.path'])).toEqual(['/work']);
    expect(spans).toHaveLength(1);

    const replaced = await serve((_req, res, trace) => res.end(String(trace.ignored)), { ignorePaths: ['/ping'], replaceDefaultIgnorePaths: true });
    expect((await send(replaced.port, '/health')).body).toBe('false');
    expect((await send(replaced.port, '/ping')).body).toBe('true');
  });

  test('forwarding headers are believed only when the proxy is trusted', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example:8443' };
    const untrusted = await serve((_req, res) => res.end());
    await send(untrusted.port, '/', { headers });
    const [plain] = await untrusted.spans(1);
    expect(plain!.attributes).toMatchObject({ 'client.address': '127.0.0.1', 'url.scheme': 'http', 'server.address': '127.0.0.1' });
    const trusted = await serve((_req, res) => res.end(), {}, { trustProxy: true });
    await send(trusted.port, '/', { headers });
    const [proxied] = await trusted.spans(1);
    expect(proxied!.attributes).toMatchObject({ 'client.address': '203.0.113.7', 'url.scheme': 'https', 'server.address': 'shop.example', 'server.port': 8443 });
    const forwarded = await serve((_req, res) => res.end(), { trustProxy: true });
    await send(forwarded.port, '/', { headers: { forwarded: 'for="[2001:db8::1]:4711";proto=https;host=api.example' } });
    const [rfc] = await forwarded.spans(1);
    expect(rfc!.attributes).toMatchObject({ 'client.address': '[2001:db8::1]:4711', 'url.scheme': 'https', 'server.address': 'api.example', 'server.port': 443 });
  });

  test('restartIncomingTraces ignores incoming context (a trust boundary)', async () => {
    const h = await serve((_req, res) => res.end(currentIds()?.traceId), { restartIncomingTraces: true });
    const reply = await send(h.port, '/', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    expect(reply.body).not.toBe(TRACE_ID);
  });

  test('req and res listeners run in the request context while a slow body arrives', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const h = await serve((req, res, trace) => {
      // listeners are registered in a detached context on purpose: binding, not luck, must carry it
      run(undefined, () => {
        req.on('data', () => seen.push(['data', currentIds()?.traceId]));
        req.on('end', () => {
          seen.push(['end', currentIds()?.traceId]);
          res.end(trace.traceId);
        });
        res.on('finish', () => seen.push(['finish', currentIds()?.traceId]));
      });
    });
    const traceId = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: h.port, method: 'POST', path: '/', agent: false, headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.write('{"a":');
      setTimeout(() => req.write('1'), 20);
      setTimeout(() => req.end('}'), 40);
    });
    await h.spans(1);
    expect(traceId).toBe(TRACE_ID);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const [, id] of seen) expect(id).toBe(TRACE_ID);
  });

  test('200 interleaved concurrent requests: every handler and span keeps its own trace', async () => {
    const h = await serve(async (_req, res) => {
      const before = currentIds()?.traceId;
      await sleep(Math.floor(Math.random() * 10));
      await new Promise((resolve) => setTimeout(resolve, 1));
      res.end(JSON.stringify({ before, after: active()?.span?.spanContext().traceId }));
    });
    const ids = Array.from({ length: 200 }, (_, i) => (i + 1).toString(16).padStart(32, 'a'));
    const replies = await Promise.all(ids.map((id) => send(h.port, '/', { headers: { traceparent: `00-${id}-${PARENT_ID}-01` } })));
    let mismatches = 0;
    replies.forEach((reply, i) => {
      const body = JSON.parse(reply.body);
      if (body.before !== ids[i] || body.after !== ids[i]) mismatches++;
    });
    expect(mismatches).toBe(0);
    const spans = await h.spans(200);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set(ids));
  });

  test.each([
    [{ traceResponseHeader: 'yes' }],
    [{ ignorePaths: 'health' }],
    [{ ignorePaths: ['health'] }],
    [{ requestIdHeader: 'bad header' }],
    [{ knownMethods: [''] }],
    [{ tracer: {} }],
  ])('bad option %j throws TW_ERR_INVALID_OPTION at setup', (options) => {
    expect(() => createHttpServerTracing(options as HttpServerTracingOptions)).toThrow(expect.objectContaining({ code: 'TW_ERR_INVALID_OPTION' }));
  });

  test('OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS replaces the known list (case-sensitive)', async () => {
    const h = await serve((_req, res) => res.end(), { env: { OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS: 'POST' } });
    await send(h.port, '/');
    const [span] = await h.spans(1);
    expect(span!.attributes['http.request.method']).toBe('_OTHER');
    expect(span!.name).toBe('HTTP');
  });
});
