/**
 * A client that goes away before the answer (SPEC-NOTES §5.3: no or partial response): the span
 * still ends, marked ERROR with `error.type` 'aborted'; the handler's later work keeps its own
 * context; nothing is left behind for the next request.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { SpanStatusCode, active, currentIds } from '@tracewire/core';
import { KOA_MAJORS, tracedServer, type KoaClass, type TracedServer } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';

const TRACE_ID = '5e8a0f2b9c4d4e6fa1b2c3d4e5f60718';
const TRACEPARENT = `00-${TRACE_ID}-a1b2c3d4e5f60718-01`;

/** A promise with its resolve function, to hand signals between the handler and the client. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  let server: TracedServer;
  let entered = signal();
  let finished = signal<string | undefined>();

  beforeAll(async () => {
    server = await tracedServer(Koa, (router) => {
      router.get('/slow/:id', async (ctx) => {
        entered.resolve();
        await sleep(60); // the client hangs up meanwhile
        finished.resolve(currentIds()?.traceId);
        ctx.body = 'too late';
      });
      router.get('/stream', (ctx) => {
        let sent = false;
        ctx.body = new Readable({
          read() {
            if (!sent) {
              sent = true;
              this.push('first chunk\n');
              entered.resolve();
            } // then nothing more: the client leaves mid-body
          },
        });
      });
      router.get('/fast', (ctx) => {
        ctx.body = { traceId: currentIds()?.traceId };
      });
    });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    entered = signal();
    finished = signal();
  });

  /** Sends a request and destroys its socket once `when` resolves. */
  function hangUp(path: string, when: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, headers: { traceparent: TRACEPARENT }, agent: false });
      req.on('response', (res) => res.resume());
      req.on('error', () => undefined); // the hang-up we cause
      req.on('close', () => resolve());
      req.end();
      void when.then(() => req.destroy());
    });
  }

  test('client hangs up before the answer: the span ends ERROR, error.type aborted, no status code', async () => {
    await hangUp('/slow/1', entered.promise);
    const span = await server.rec.span('/slow/1');
    expect(span.ended).toBe(true);
    expect(span.name).toBe('GET /slow/:id');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('aborted');
    expect(span.attributes['http.response.status_code']).toBeUndefined();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    // the handler carries on after the hang-up, still in its own request's context
    expect(await finished.promise).toBe(TRACE_ID);
  });

  test('client hangs up mid-body: the status that was sent is kept, and the span is aborted', async () => {
    await hangUp('/stream', entered.promise.then(() => sleep(10)));
    const span = await server.rec.span('/stream');
    expect(span.name).toBe('GET /stream');
    expect(span.attributes['http.response.status_code']).toBe(200);
    expect(span.attributes['error.type']).toBe('aborted');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  test('after a hang-up nothing leaks: the next request has its own trace, and nothing is active here', async () => {
    await hangUp('/slow/2', entered.promise);
    await finished.promise;
    const reply = await send(server.port, '/fast');
    const { traceId } = JSON.parse(reply.body) as { traceId: string };
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(TRACE_ID);
    expect(active()).toBeUndefined();
    expect((await server.rec.span('/fast')).status.code).toBe(SpanStatusCode.UNSET);
  });
});
