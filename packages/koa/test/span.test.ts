/**
 * The SERVER span's name, kind, attributes and status for 200, 404, 405, unknown methods, thrown
 * errors and handled ones (SPEC-NOTES §4.7, §5). Real servers of both Koa majors; expected values
 * come from SPEC-NOTES and the issue, not from output.
 */
import { SpanKind, SpanStatusCode } from '@tracewire/core';
import { TRACEPARENT, appSession } from './helpers/app';
import { KOA_MAJORS, type KoaClass } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';
import { expectLoopbackServerAttributes } from '../../../test-support/server-span';

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  const s = appSession(Koa);
  afterEach(() => s.close());

  test('200: named after the route template, §5.4 attributes, status unset', async () => {
    const port = await s.start();
    await send(port, '/users/42?q=shoes&sig=secret', { headers: { traceparent: TRACEPARENT, 'user-agent': 'jest-test/1.0' } });
    const span = spanFor(await s.rec.spans(1), '/users/42');

    expect(span.name).toBe('GET /users/:id');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expectLoopbackServerAttributes(span, { path: '/users/42', query: 'q=shoes&sig=REDACTED', route: '/users/:id', status: 200, port: port, userAgent: 'jest-test/1.0' });
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.events).toHaveLength(0);
    expect(span.name).not.toContain('42');
  });

  test('404 with no matching route: the span is named after the method only, status unset', async () => {
    const port = await s.start();
    const reply = await send(port, '/no/such/page');
    expect(reply.status).toBe(404);
    const span = spanFor(await s.rec.spans(1), '/no/such/page');
    expect(span.name).toBe('GET');
    expect(span.attributes['http.route']).toBeUndefined();
    expect(span.attributes['http.response.status_code']).toBe(404);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
  });

  test('405 from allowedMethods (path matched, method did not): named after the method only', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/1', { method: 'DELETE' });
    expect(reply.status).toBe(405);
    const span = spanFor(await s.rec.spans(1), '/users/1');
    expect(span.name).toBe('DELETE');
    expect(span.attributes['http.route']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('an unknown method: `_OTHER` with the original kept, and the name uses HTTP', async () => {
    const port = await s.start();
    await send(port, '/cache/abc', { method: 'PURGE' });
    await send(port, '/nothing-here', { method: 'PURGE' });
    const spans = await s.rec.spans(2);
    const routed = spanFor(spans, '/cache/abc');
    expect(routed.name).toBe('HTTP /cache/:key');
    expect(routed.attributes['http.request.method']).toBe('_OTHER');
    expect(routed.attributes['http.request.method_original']).toBe('PURGE');
    expect(spanFor(spans, '/nothing-here').name).toBe('HTTP');
  });

  test('a HEAD request on a GET route is named HEAD with the route', async () => {
    const port = await s.start();
    await send(port, '/users/5', { method: 'HEAD' });
    expect(spanFor(await s.rec.spans(1), '/users/5').name).toBe('HEAD /users/:id');
  });

  test('a thrown error: 500, ERROR, error.type "500", an exception event; Koa answers and emits as usual', async () => {
    const port = await s.start();
    const reply = await send(port, '/boom', { headers: { traceparent: TRACEPARENT } });
    expect(reply.status).toBe(500);
    expect(reply.body).toBe('Internal Server Error'); // Koa's own answer, unchanged
    const span = spanFor(await s.rec.spans(1), '/boom');

    expect(span.name).toBe('GET /boom');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('500');
    expect(span.attributes['http.response.status_code']).toBe(500);
    expect(span.events).toHaveLength(1);
    const event = span.events[0]!;
    expect(event.name).toBe('exception');
    expect(event.attributes?.['exception.type']).toBe('TypeError');
    expect(event.attributes?.['exception.message']).toBe('boom: no user');
    expect(String(event.attributes?.['exception.stacktrace'])).toContain('TypeError: boom: no user');
    expect(event.attributes?.['exception.escaped']).toBeUndefined();
    expect(s.appErrors).toHaveLength(1);
    expect((s.appErrors[0] as Error).message).toBe('boom: no user');
  });

  test.each([
    // Koa answers 400 itself: a client error is no error of the server span (§5.3), so no event (§4.7)
    ['a thrown 4xx (ctx.throw(400))', '/bad-input', 400, 'bad input', 1],
    // a later middleware caught it and answered: not an exception of the request, and no 'error' event
    ['an error a later middleware catches and answers', '/handled', 422, 'handled', 0],
  ])('%s: no ERROR status, no exception event', async (_case, path, status, body, appErrorCount) => {
    const port = await s.start();
    const reply = await send(port, path);
    expect(reply.status).toBe(status);
    expect(reply.body).toBe(body);
    const span = spanFor(await s.rec.spans(1), path);
    expect(span.name).toBe(`GET ${path}`);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.events).toHaveLength(0);
    expect(s.appErrors).toHaveLength(appErrorCount); // as Koa does without tracewire
  });
});
