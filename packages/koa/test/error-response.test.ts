/**
 * Koa's own error handling with tracewire installed: `ctx.onerror` answers as before, app 'error'
 * listeners run in the request's context (so error logs carry its ids), and Koa's default error
 * answer — which removes every header — still carries `traceresponse` and the echoed request id.
 */
import { currentIds, SpanStatusCode } from '@tracewire/core';
import { KOA_MAJORS, tracedServer, type KoaClass, type TracedServer } from './helpers/harness';
import { send } from '../../../test-support/http-client';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  let server: TracedServer;
  let errorLog: Array<{ message: string; traceId: string | undefined }>;
  const thrown = {
    plain: new Error('plain failure'),
    withHeaders: Object.assign(new Error('with headers'), { headers: { 'Retry-After': '30' } }),
    // `headers` that cannot be assigned: tracewire cannot lend its headers through it
    fixedHeaders: Object.defineProperty(new Error('fixed headers'), 'headers', { get: () => undefined, enumerable: true }),
  };

  beforeAll(async () => {
    errorLog = [];
    server = await tracedServer(Koa, (router, app) => {
      app.on('error', (error: Error) => errorLog.push({ message: error.message, traceId: currentIds()?.traceId }));
      router.get('/plain', (ctx) => {
        ctx.set('x-app-header', 'set before the error');
        throw thrown.plain;
      });
      router.get('/with-headers', () => {
        throw thrown.withHeaders;
      });
      router.get('/fixed-headers', () => {
        throw thrown.fixedHeaders;
      });
      router.get('/string', () => {
        throw 'not an error object'; // eslint-disable-line no-throw-literal
      });
      router.get('/after-sleep', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new RangeError('late failure');
      });
    }, { echoRequestId: true });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    errorLog.length = 0;
    server.rec.exporter.reset(); // every test waits for its own span, so none arrives late
  });

  test("Koa's default error answer keeps traceresponse and the echoed request id, and still drops the app's headers", async () => {
    const reply = await send(server.port, '/plain', { headers: { traceparent: TRACEPARENT, 'x-request-id': 'req-err-1' } });
    expect(reply.status).toBe(500);
    expect(reply.body).toBe('Internal Server Error');
    expect(reply.headers['x-app-header']).toBeUndefined(); // Koa's behaviour, unchanged
    expect(reply.headers['x-request-id']).toBe('req-err-1');
    const span = await server.rec.span('/plain');
    expect(reply.headers.traceresponse).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    // the error object is left as it was thrown
    expect(Object.prototype.hasOwnProperty.call(thrown.plain, 'headers')).toBe(false);
  });

  test("the error's own headers are answered too and the error's headers object is restored", async () => {
    const original = thrown.withHeaders.headers;
    const reply = await send(server.port, '/with-headers');
    expect(reply.headers['retry-after']).toBe('30');
    expect(reply.headers.traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-03$/);
    expect(thrown.withHeaders.headers).toBe(original);
    expect(thrown.withHeaders.headers).toEqual({ 'Retry-After': '30' });
  });

  test('an error whose headers cannot be assigned is answered as Koa would, only without our headers', async () => {
    const reply = await send(server.port, '/fixed-headers');
    expect(reply.status).toBe(500);
    expect(reply.body).toBe('Internal Server Error');
    expect(reply.headers.traceresponse).toBeUndefined();
  });

  test("app 'error' listeners run in the request's context, once per error", async () => {
    await send(server.port, '/after-sleep', { headers: { traceparent: TRACEPARENT } });
    expect(errorLog).toEqual([{ message: 'late failure', traceId: TRACE_ID }]);
    const span = await server.rec.span('/after-sleep');
    expect(span.events[0]?.attributes?.['exception.type']).toBe('RangeError');
  });

  test('a thrown non-Error: Koa wraps it as before; the span records the value as the message', async () => {
    const reply = await send(server.port, '/string');
    expect(reply.status).toBe(500);
    expect(errorLog).toHaveLength(1);
    expect(errorLog[0]!.message).toContain('non-error thrown');
    const span = await server.rec.span('/string');
    expect(span.events[0]?.attributes).toEqual({ 'exception.message': 'not an error object' });
  });

  test("an app's own app.context.onerror is still the one that answers", async () => {
    const seen: Array<string | undefined> = [];
    const app = server.app;
    const original = app.context.onerror;
    app.context.onerror = function (this: { status: number; body: unknown; res: { end(body: string): void } }, error: Error | null) {
      if (error == null) return;
      seen.push(currentIds()?.traceId);
      this.res.end('custom handler');
    } as typeof app.context.onerror;
    try {
      const reply = await send(server.port, '/plain', { headers: { traceparent: TRACEPARENT } });
      expect(reply.body).toBe('custom handler');
      expect(seen).toEqual([TRACE_ID]);
    } finally {
      app.context.onerror = original;
    }
  });
});
