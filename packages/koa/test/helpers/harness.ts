/**
 * Koa test plumbing: both Koa majors, and a Koa app with `tracewire()` on a private recording
 * tracer, on a real server on 127.0.0.1:0 (shared recording/servers from test-support).
 */
import type Koa from 'koa';
import Router from '@koa/router';
import { recording, type Recording } from '../../../../test-support/recording';
import { listen, type TestServer } from '../../../../test-support/servers';
import { tracewire, type TracewireKoaOptions } from '../../src';

export type KoaClass = typeof Koa;
export type KoaApp = Koa;
export type { Recording };

/** Every behavioural test runs once per major version (`koa2` is an npm alias of koa 2). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const KOA_MAJORS: Array<[string, KoaClass]> = [['koa 3', require('koa') as KoaClass], ['koa 2', require('koa2') as KoaClass]];

export interface TracedServer {
  readonly port: number;
  readonly app: KoaApp;
  readonly rec: Recording;
  close(): Promise<void>;
}

/**
 * A Koa app with `tracewire()` first, on a private recording tracer; `routes` fills a router
 * (mounted after it runs, with allowedMethods) and may configure the app or mount routers of its
 * own. Koa's own error printing is silenced (`app.silent`); app 'error' events are still emitted.
 */
export async function tracedServer(
  Koa: KoaClass,
  routes: (router: Router, app: KoaApp) => void,
  options: TracewireKoaOptions = {},
): Promise<TracedServer> {
  const rec = recording();
  const app = new Koa();
  app.silent = true;
  app.use(tracewire({ tracer: rec.tracer, ...options }));
  const router = new Router();
  routes(router, app);
  app.use(router.routes()).use(router.allowedMethods());
  const running: TestServer = await listen(app.callback());
  return {
    app,
    rec,
    port: running.port,
    async close() {
      await running.close();
      await rec.tracer.shutdown();
    },
  };
}
