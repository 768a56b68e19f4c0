/**
 * The app most behavioural tests share: `tracewire()` first, routes that report what the handler
 * saw (ids from core, `ctx.state.tracewire`, request id, baggage), failing routes, and the paths of
 * the ignore list. One session per describe block; `start()` per test, with that test's options.
 */
import { active, currentIds, type RequestTrace } from '@tracewire/core';
import type { TracewireKoaOptions } from '../../src';
import { tracedServer, type KoaApp, type KoaClass, type Recording, type TracedServer } from './harness';

export { PARENT_ID, TRACEPARENT, TRACE_ID } from '../../../../test-support/trace-ids';
export const HEX32 = /^[0-9a-f]{32}$/;
export const HEX16 = /^[0-9a-f]{16}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a handler saw, sent back as JSON. */
export interface Seen {
  traceId?: string;
  spanId?: string;
  stateTraceId: string;
  stateSpanId: string;
  requestId: string;
  activeRequestId?: string;
  ignored: boolean;
  baggage?: string;
}

function seen(ctx: { state: { tracewire: RequestTrace } }): Seen {
  const ids = currentIds();
  const trace = ctx.state.tracewire;
  return {
    traceId: ids?.traceId,
    spanId: ids?.spanId,
    stateTraceId: trace.traceId,
    stateSpanId: trace.spanId,
    requestId: trace.requestId,
    activeRequestId: active()?.requestId,
    ignored: trace.ignored,
    baggage: active()?.baggage?.get('tenant')?.value,
  };
}

export interface AppSession {
  /** the running test's recorder */
  readonly rec: Recording;
  /** errors the app emitted as 'error' events in the running test */
  readonly appErrors: unknown[];
  /** Starts the app; `configure` may set app settings (read per request, so order does not matter). */
  start(options?: TracewireKoaOptions, configure?: (app: KoaApp) => void): Promise<number>;
  close(): Promise<void>;
}

export function appSession(Koa: KoaClass): AppSession {
  let server: TracedServer | undefined;
  const appErrors: unknown[] = [];
  return {
    get rec() {
      if (server === undefined) throw new Error('start() first');
      return server.rec;
    },
    appErrors,
    async start(options = {}, configure) {
      appErrors.length = 0;
      server = await tracedServer(Koa, (router, app) => {
        app.on('error', (error: unknown) => appErrors.push(error));
        configure?.(app);
        router.get('/users/:id', (ctx) => {
          ctx.body = seen(ctx);
        });
        router.get('/boom', () => {
          throw new TypeError('boom: no user');
        });
        router.get('/bad-input', (ctx) => {
          ctx.throw(400, 'bad input');
        });
        router.get('/handled', async (ctx, next) => {
          try {
            await next();
          } catch {
            ctx.status = 422;
            ctx.body = 'handled';
          }
        }, () => {
          throw new Error('caught by the route');
        });
        router.register('/cache/:key', ['PURGE'], (ctx) => {
          ctx.body = seen(ctx);
        });
        for (const path of ['/health', '/healthz', '/readyz', '/livez', '/metrics', '/internal/ping', '/static/app.js']) {
          router.get(path, (ctx) => {
            ctx.body = seen(ctx);
          });
        }
      }, options);
      return server.port;
    },
    async close() {
      await server?.close();
      server = undefined;
    },
  };
}
