/**
 * A one-slot resource pool, the known exception (DESIGN §6): a callback-style pool calls a waiting
 * request's callback from the request that releases the slot, in the releaser's context, unless the
 * callback is wrapped with core's `bind`; a promise-style pool needs no help, because an `await`
 * resumes in the awaiting request's own context.
 */
import { bind } from '@tracewire/core';
import { KOA_MAJORS, tracedServer, type KoaClass, type TracedServer } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';
import { OneSlotPool } from '../../../test-support/pools';
import { logLines } from './helpers/log-lines';
import { randomTraceparent } from '../../../test-support/trace-ids';

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  let server: TracedServer;
  const logs = logLines();
  const expectedFor = new Map<string, string>();
  const callbackPool = new OneSlotPool();
  const promisePool = new OneSlotPool();
  /** called by the handler once it holds the slot */
  let holding: () => void = () => undefined;

  beforeAll(async () => {
    server = await tracedServer(Koa, (router) => {
      router.get('/pool/callback/:who', async (ctx) => {
        const who = ctx.params.who!;
        const expected = expectedFor.get(who)!;
        await new Promise<void>((resolve) => {
          const use = (release: () => void): void => {
            logs.log(expected, `callback pool ${who}`);
            holding();
            setTimeout(() => {
              release();
              resolve();
            }, 20);
          };
          callbackPool.acquire(ctx.query.bind === '1' ? bind(use) : use);
        });
        logs.log(expected, `after callback pool ${who}`);
        ctx.body = 'ok';
      });
      router.get('/pool/promise/:who', async (ctx) => {
        const who = ctx.params.who!;
        const release = await promisePool.acquireAsync();
        logs.log(expectedFor.get(who)!, `promise pool ${who}`);
        holding();
        await sleep(20);
        release();
        ctx.body = 'ok';
      });
    });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    logs.clear();
    expectedFor.clear();
  });

  /** A takes the slot and holds it; B arrives while A holds it; A's release hands the slot to B. */
  async function contend(kind: 'callback' | 'promise', query = ''): Promise<void> {
    const a = randomTraceparent();
    const b = randomTraceparent();
    expectedFor.set('A', a.traceId);
    expectedFor.set('B', b.traceId);
    const held = new Promise<void>((resolve) => {
      holding = () => {
        holding = () => undefined;
        resolve();
      };
    });
    const first = send(server.port, `/pool/${kind}/A${query}`, { headers: { traceparent: a.traceparent } });
    await held;
    const second = send(server.port, `/pool/${kind}/B${query}`, { headers: { traceparent: b.traceparent } });
    await Promise.all([first, second]);
  }

  test("callback-style pool without bind: the waiting request's callback runs in the releasing request's context", async () => {
    await contend('callback');
    const b = logs.at('callback pool B')!;
    expect(b.got).toBe(expectedFor.get('A')); // the pitfall, shown: A's id in B's log line
    expect(b.got).not.toBe(b.expected);
    // the handler's own code after its await is back in B's context
    expect(logs.at('after callback pool B')!.got).toBe(expectedFor.get('B'));
  });

  test("callback-style pool with core's bind(): the callback runs in its own request's context", async () => {
    await contend('callback', '?bind=1');
    expect(logs.at('callback pool B')!.got).toBe(expectedFor.get('B'));
    expect(logs.mismatches()).toEqual([]);
  });

  test('promise-style pool: right without help', async () => {
    await contend('promise');
    expect(logs.at('promise pool B')!.got).toBe(expectedFor.get('B'));
    expect(logs.mismatches()).toEqual([]);
  });
});
