/**
 * A one-slot resource pool, the known exception (DESIGN §6): a callback-style pool calls a waiting
 * request's callback from the request that releases the slot, in the releaser's context, unless the
 * callback is wrapped with core's `bind`; a promise-style pool needs no help, because an `await`
 * resumes in the awaiting request's own context.
 */
import { bind } from '@tracewire/core';
import { KOA_MAJORS, send, sleep, tracedServer, type KoaClass, type TracedServer } from './helpers/harness';
import { logLines, newTraceparent } from './helpers/log-lines';

/** One slot; waiting callbacks are called by whoever releases. */
class CallbackPool {
  private busy = false;
  private readonly waiting: Array<(release: () => void) => void> = [];

  acquire(callback: (release: () => void) => void): void {
    if (this.busy) {
      this.waiting.push(callback);
      return;
    }
    this.busy = true;
    callback(() => this.release());
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.busy = false;
    else next(() => this.release());
  }
}

/** One slot, promise style. */
class PromisePool {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  async acquire(): Promise<() => void> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy = true;
    return () => {
      this.busy = false;
      this.waiting.shift()?.();
    };
  }
}

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  let server: TracedServer;
  const logs = logLines();
  const expectedFor = new Map<string, string>();
  const callbackPool = new CallbackPool();
  const promisePool = new PromisePool();
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
        const release = await promisePool.acquire();
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
    const a = newTraceparent();
    const b = newTraceparent();
    expectedFor.set('A', a.traceId);
    expectedFor.set('B', b.traceId);
    const held = new Promise<void>((resolve) => {
      holding = () => {
        holding = () => undefined;
        resolve();
      };
    });
    const first = send(server.port, `/pool/${kind}/A${query}`, { headers: { traceparent: a.header } });
    await held;
    const second = send(server.port, `/pool/${kind}/B${query}`, { headers: { traceparent: b.header } });
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
