/** One traced app per test on a real server, closed (server and tracer) after each test. */
import type { Express } from 'express';
import { tracewire, type TracewireExpressOptions } from '@tracewire/express';
import { recording, type Recording } from '../../../../test-support/recording';
import { listen, type TestServer } from '../../../../test-support/servers';
import type { ExpressFactory } from './frameworks';

export interface Served {
  readonly app: Express;
  readonly server: TestServer;
  readonly tracing: Recording;
}

export type Serve = (configure: (app: Express) => void, options?: TracewireExpressOptions) => Promise<Served>;

/** Call inside a describe block: registers the cleanup and returns `serve`. */
export function harness(express: ExpressFactory): Serve {
  const open: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((close) => close()));
  });
  return async (configure, options) => {
    const tracing = recording();
    const app = express();
    app.use(tracewire({ tracer: tracing.tracer, ...options }));
    configure(app);
    const server = await listen(app);
    open.push(() => server.close(), () => tracing.tracer.shutdown());
    return { app, server, tracing };
  };
}
