/**
 * The context stays put through Fastify's lifecycle: bodies that arrive slowly, a body parser that
 * answers from another context, and a one-slot resource pool (DESIGN §6).
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { bind, currentIds, run } from '@tracewire/core';
import type { FastifyInstance } from 'fastify';
import { MAJORS, closeAll, startApp } from './helpers/harness';
import { OneSlotPool } from '../../../test-support/pools';
import { send } from '../../../test-support/http-client';
import { deferred } from '../../../test-support/timing';
import { orderedTraceparent } from '../../../test-support/trace-ids';

afterEach(closeAll);

/** What a request saw at each stage, by trace id. */
type Seen = Record<string, string | undefined>;

const seenBy = (request: unknown): Seen => ((request as { seen?: Seen }).seen ??= {});

/** The app's own hooks at each stage, and a route, noting the trace id each one runs in. */
function trackedRoutes(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    seenBy(request).onRequest = currentIds()?.traceId;
    done();
  });
  app.addHook('preParsing', async (request) => {
    seenBy(request).preParsing = currentIds()?.traceId;
  });
  app.addHook('preHandler', async (request) => {
    seenBy(request).preHandler = currentIds()?.traceId;
  });
  app.post('/orders', async (request) => {
    const seen = seenBy(request);
    seen.handler = currentIds()?.traceId;
    await sleep(5);
    seen.afterAwait = currentIds()?.traceId;
    return { seen, body: request.body };
  });
}

/**
 * A preParsing step that resumes through a worker started outside any request, as callback-style
 * libraries with shared queues do (decryption, decompression, rate limiters): everything after it
 * — body parsing included — would run in the worker's empty context. tracewire's preValidation
 * hook enters the request's context again once the body is parsed.
 */
function foreignContextStep(app: FastifyInstance, worker: EventEmitter): void {
  app.addHook('preParsing', (_request, _reply, payload, done) => {
    worker.emit('job', () => done(null, payload));
  });
}

describe.each(MAJORS)('%s: context through the lifecycle', (_major, fastify) => {
  test('JSON bodies arriving slowly, interleaved: preHandler and handler see their own request after parsing', async () => {
    const h = await startApp(fastify, { routes: trackedRoutes });
    const requests = [0, 1, 2, 3].map((n) => {
      const tp = orderedTraceparent(n);
      return send(h.port, '/orders', {
        method: 'POST',
        headers: { traceparent: tp.traceparent, 'content-type': 'application/json' },
        body: ['{"item":', ` "book-${n}",`, ' "quantity": ', `${n + 1}}`],
        chunkDelayMs: 15 + n * 3,
      }).then((res) => ({ n, traceId: tp.traceId, res }));
    });
    for (const { n, traceId, res } of await Promise.all(requests)) {
      expect(res.status).toBe(200);
      const answer = res.json<{ seen: Seen; body: unknown }>();
      expect(answer.body).toEqual({ item: `book-${n}`, quantity: n + 1 });
      expect(answer.seen).toEqual({ onRequest: traceId, preParsing: traceId, preHandler: traceId, handler: traceId, afterAwait: traceId });
    }
  });

  test('a preParsing step resuming from another context: preHandler and handler still run in the request\'s', async () => {
    const worker = new EventEmitter();
    const queue: Array<() => void> = [];
    worker.on('job', (job: () => void) => queue.push(job));
    // the worker drains its queue from a timer created outside any request
    const timer = run(undefined, () => setInterval(() => queue.splice(0).forEach((job) => job()), 5));
    try {
      const h = await startApp(fastify, {
        routes: (app) => {
          trackedRoutes(app);
          foreignContextStep(app, worker);
        },
      });
      const tp = orderedTraceparent(7);
      const res = await send(h.port, '/orders', { method: 'POST', headers: { traceparent: tp.traceparent, 'content-type': 'application/json' }, body: '{"item":"pen"}' });
      const answer = res.json<{ seen: Seen; body: unknown }>();
      expect(answer.body).toEqual({ item: 'pen' });
      expect(answer.seen).toEqual({ onRequest: tp.traceId, preParsing: tp.traceId, preHandler: tp.traceId, handler: tp.traceId, afterAwait: tp.traceId });
    } finally {
      clearInterval(timer);
    }
  });
});

describe.each(MAJORS)('%s: one-slot resource pool', (_major, fastify) => {
  type Mode = 'callback' | 'bound' | 'promise';

  async function contention(mode: Mode): Promise<{ first: string; second: string; seenBySecond: string }> {
    const pool = new OneSlotPool();
    const firstHolds = deferred();
    const h = await startApp(fastify, {
      routes: (app) =>
        app.get('/pool/:n', async (request) => {
          const holdFor = (request.params as { n: string }).n === '0' ? 40 : 1;
          if (mode === 'promise') {
            const release = await pool.acquireAsync();
            const seen = currentIds()?.traceId;
            firstHolds.resolve();
            await sleep(holdFor);
            release();
            return { seen };
          }
          return new Promise((resolve) => {
            const withResource = (release: () => void) => {
              const seen = currentIds()?.traceId;
              firstHolds.resolve();
              setTimeout(() => {
                release();
                resolve({ seen });
              }, holdFor);
            };
            pool.acquire(mode === 'bound' ? bind(withResource) : withResource);
          });
        }),
    });
    const [a, b] = [orderedTraceparent(100), orderedTraceparent(200)];
    const first = send(h.port, '/pool/0', { headers: { traceparent: a.traceparent } });
    await firstHolds.promise;
    const second = await send(h.port, '/pool/1', { headers: { traceparent: b.traceparent } });
    await first;
    return { first: a.traceId, second: b.traceId, seenBySecond: second.json<{ seen: string }>().seen };
  }

  test('callback style without help: the waiting request\'s callback runs in the holder\'s context (the pitfall)', async () => {
    const { first, seenBySecond } = await contention('callback');
    expect(seenBySecond).toBe(first);
  });

  test('callback style with core\'s bind(): the waiting request sees its own context', async () => {
    const { second, seenBySecond } = await contention('bound');
    expect(seenBySecond).toBe(second);
  });

  test('promise style: right without help (await resumes in the awaiting request\'s context)', async () => {
    const { second, seenBySecond } = await contention('promise');
    expect(seenBySecond).toBe(second);
  });
});
