import { EventEmitter, once } from 'node:events';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { active, bind, currentIds } from '@tracewire/core';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { OneSlotPool } from '../../../test-support/pools';
import { deferred, sleep } from '../../../test-support/timing';
import { randomTraceparent } from '../../../test-support/trace-ids';

const traceId = () => currentIds()?.traceId;

// The request's context reaches every piece of work the handler starts (DESIGN §6).
describe.each(FRAMEWORKS)('%s: context', (_name, express) => {
  const serve = harness(express);

  test('JSON bodies that arrive slowly, interleaved: each handler sees its own trace after express.json()', async () => {
    const { server } = await serve((app) => {
      app.use(express.json());
      app.post('/orders/:id', (req, res) => {
        res.json({ body: req.body, traceId: traceId(), viaReq: req.tracewire?.traceId });
      });
    });
    const callers = [randomTraceparent(), randomTraceparent(), randomTraceparent()];
    const replies = await Promise.all(
      callers.map((caller, i) =>
        send(server.port, `/orders/${i}`, {
          method: 'POST',
          headers: { traceparent: caller.traceparent, 'content-type': 'application/json' },
          body: ['{"item":', `"sku-${i}",`, '"qty":', `${i + 1}}`],
          chunkDelayMs: 15,
        }),
      ),
    );
    replies.forEach((reply, i) => {
      expect(JSON.parse(reply.body)).toEqual({ body: { item: `sku-${i}`, qty: i + 1 }, traceId: callers[i]!.traceId, viaReq: callers[i]!.traceId });
    });
  });

  test('await, timers, nextTick, an emitter made in the handler, req listeners and a stream pipeline keep the context', async () => {
    const { server } = await serve((app) => {
      app.post('/work', async (req, res) => {
        const seen: Record<string, string | undefined> = {};
        req.setEncoding('utf8');
        req.on('data', () => (seen.reqData = traceId()));
        await once(req, 'end');
        seen.afterEnd = traceId();
        await sleep(3);
        seen.afterAwait = traceId();
        await new Promise<void>((resolve) => setTimeout(() => ((seen.timer = traceId()), resolve()), 2));
        await new Promise<void>((resolve) => process.nextTick(() => ((seen.tick = traceId()), resolve())));
        const emitter = new EventEmitter();
        emitter.on('ready', () => (seen.emitter = traceId()));
        setImmediate(() => emitter.emit('ready'));
        await once(emitter, 'ready');
        await pipeline(
          Readable.from(['a', 'b']),
          new Transform({
            transform(chunk, _encoding, callback) {
              seen.stream = traceId();
              callback(null, chunk);
            },
          }),
          async function* (source) {
            for await (const chunk of source) yield chunk;
          },
        );
        res.json(seen);
      });
    });
    const caller = randomTraceparent();
    const reply = await send(server.port, '/work', { method: 'POST', headers: { traceparent: caller.traceparent }, body: ['x', 'y'], chunkDelayMs: 5 });
    const seen = JSON.parse(reply.body);
    for (const where of ['reqData', 'afterEnd', 'afterAwait', 'timer', 'tick', 'emitter', 'stream']) {
      expect([where, seen[where]]).toEqual([where, caller.traceId]);
    }
  });

  test('a callback pool runs a waiter in the releaser\'s context unless the callback is bound with bind()', async () => {
    const pool = new OneSlotPool();
    const holding = { plain: deferred(), bound: deferred() };
    const { server } = await serve((app) => {
      app.get('/pool/:mode/:role', (req, res) => {
        const hold = req.params.role === 'holder';
        const callback = (release: () => void) => {
          const seen = traceId();
          if (hold) {
            holding[req.params.mode as 'plain' | 'bound'].resolve();
            setTimeout(() => {
              release();
              res.json({ seen });
            }, 30);
          } else {
            release();
            res.json({ seen });
          }
        };
        pool.acquire(req.params.mode === 'bound' ? bind(callback) : callback);
      });
    });
    for (const mode of ['plain', 'bound'] as const) {
      const holder = randomTraceparent();
      const waiter = randomTraceparent();
      const holderReply = send(server.port, `/pool/${mode}/holder`, { headers: { traceparent: holder.traceparent } });
      await holding[mode].promise;
      const waiterReply = await send(server.port, `/pool/${mode}/waiter`, { headers: { traceparent: waiter.traceparent } });
      expect(JSON.parse((await holderReply).body).seen).toBe(holder.traceId);
      // plain: the waiter's callback ran inside the holder's release(), in the holder's context
      expect(JSON.parse(waiterReply.body).seen).toBe(mode === 'plain' ? holder.traceId : waiter.traceId);
    }
  });

  test('a promise pool (await acquire()) needs no help: the waiter resumes in its own context', async () => {
    const pool = new OneSlotPool();
    const holding = deferred();
    const { server } = await serve((app) => {
      app.get('/pool/:role', async (req, res) => {
        const release = await pool.acquireAsync();
        const seen = traceId();
        if (req.params.role === 'holder') {
          holding.resolve();
          await sleep(30);
        }
        release();
        res.json({ seen, same: active() === req.tracewire?.context });
      });
    });
    const holder = randomTraceparent();
    const waiter = randomTraceparent();
    const holderReply = send(server.port, '/pool/holder', { headers: { traceparent: holder.traceparent } });
    await holding.promise;
    const waiterReply = await send(server.port, '/pool/waiter', { headers: { traceparent: waiter.traceparent } });
    expect(JSON.parse((await holderReply).body)).toEqual({ seen: holder.traceId, same: true });
    expect(JSON.parse(waiterReply.body)).toEqual({ seen: waiter.traceId, same: true });
  });

  test('outside a request there is no context', async () => {
    const { server } = await serve((app) => {
      app.get('/x', (_req, res) => {
        res.send('x');
      });
    });
    await send(server.port, '/x');
    expect(active()).toBeUndefined();
    expect(currentIds()).toBeUndefined();
  });
});
