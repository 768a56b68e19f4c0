import type { Express, NextFunction, Request, Response } from 'express';
import { SpanStatusCode, type ReadableSpan } from '@tracewire/core';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';
import { listen } from '../../../test-support/servers';
import { sleep } from '../../../test-support/timing';

/** The span's `exception` events as plain objects. */
function exceptions(span: ReadableSpan): Array<Record<string, unknown>> {
  return span.events.filter((event) => event.name === 'exception').map((event) => ({ ...event.attributes }));
}

function exceptionOf(error: Error): Record<string, unknown> {
  return { 'exception.type': error.name, 'exception.message': error.message, 'exception.stacktrace': error.stack };
}

// Exceptions thrown in (or passed to next() from) handlers reach the span — as an `exception` event
// when the request ends in error (SPEC-NOTES §4.7) — and Express's own error handling (the user's
// error middleware or its final handler) answers exactly as before.
describe.each(FRAMEWORKS)('%s: errors', (name, express) => {
  const serve = harness(express);
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    // Express logs unhandled errors with console.error outside the "test" env
    stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => stderr.mockRestore());

  test('a thrown error with no error handler: recorded, and Express\'s final handler answers as it would untraced', async () => {
    const thrown: Error[] = [];
    const routes = (app: Express) => {
      app.set('env', 'production');
      app.get('/boom/:id', () => {
        const error = new TypeError('bad input');
        thrown.push(error);
        throw error;
      });
    };
    const { server, tracing } = await serve(routes);
    const untracedApp = express();
    routes(untracedApp);
    const untraced = await listen(untracedApp);
    try {
      const traced = await send(server.port, '/boom/1');
      const plain = await send(untraced.port, '/boom/1');
      expect(traced.status).toBe(500);
      expect(traced.body).toBe(plain.body);
      expect(traced.headers['content-type']).toBe(plain.headers['content-type']);
      // Express still logs what reached its final handler (5 logs the error, 4 its stack)
      const logged = stderr.mock.calls.flat();
      expect(logged.includes(thrown[0]) || logged.includes(thrown[0]!.stack)).toBe(true);
    } finally {
      await untraced.close();
    }
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /boom/:id');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('500');
    expect(exceptions(span!)).toEqual([exceptionOf(thrown[0]!)]);
  });

  test('next(err) to an app-level error handler: reported, an exception event only if the answer is a 5xx (SPEC-NOTES §4.7)', async () => {
    const invalid = new RangeError('out of range');
    const broken = new Error('database down');
    const seenByHandler: unknown[] = [];
    const { server, tracing } = await serve((app) => {
      app.get('/items/:id', (_req, _res, next) => next(invalid));
      app.get('/orders/:id', (_req, _res, next) => next(broken));
      app.use((err: Error, _req: Request, _res: Response, next: NextFunction) => next(err)); // passes it on
      app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
        seenByHandler.push(err);
        res.status(err === invalid ? 422 : 500).json({ error: err.message });
      });
    });
    const handled = await send(server.port, '/items/9');
    expect(handled.status).toBe(422);
    expect(JSON.parse(handled.body)).toEqual({ error: 'out of range' });
    expect((await send(server.port, '/orders/1')).status).toBe(500);
    expect(seenByHandler).toEqual([invalid, broken]);

    const spans = await tracing.spans(2);
    const items = spanFor(spans, '/items/9');
    expect(items.name).toBe('GET /items/:id');
    // handled into a 4xx: not an unhandled exception, and a 4xx is the client's
    expect(exceptions(items)).toEqual([]);
    expect(items.status.code).toBe(SpanStatusCode.UNSET);
    const orders = spanFor(spans, '/orders/1');
    expect(orders.name).toBe('GET /orders/:id');
    expect(orders.status.code).toBe(SpanStatusCode.ERROR);
    expect(exceptions(orders)).toEqual([exceptionOf(broken)]);
  });

  test('an error handled inside a nested router: recorded, answered by that router\'s handler', async () => {
    const thrown = new Error('inner failure');
    const { server, tracing } = await serve((app) => {
      const api = express.Router();
      const orders = express.Router();
      orders.get('/:orderId', () => {
        throw thrown;
      });
      orders.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(503).send(`orders unavailable: ${err.message}`);
      });
      api.use('/orders', orders);
      app.use('/api', api);
      app.use((_err: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(500).send('app handler must not run');
      });
    });
    const reply = await send(server.port, '/api/orders/17');
    expect(reply).toMatchObject({ status: 503, body: 'orders unavailable: inner failure' });
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /api/orders/:orderId');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(exceptions(span!)).toEqual([exceptionOf(thrown)]);
  });

  test('an error from a nested router answered at app level keeps the full route (baseUrl is restored by then)', async () => {
    const thrown = new Error('deep');
    const { server, tracing } = await serve((app) => {
      const api = express.Router();
      const users = express.Router();
      users.get('/:id/avatar', () => {
        throw thrown;
      });
      api.use('/users', users);
      app.use('/api', api);
      app.use((_err: Error, req: Request, res: Response, _next: NextFunction) => {
        res.status(500).json({ baseUrl: req.baseUrl });
      });
    });
    const reply = await send(server.port, '/api/users/4/avatar');
    expect(JSON.parse(reply.body)).toEqual({ baseUrl: '' });
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /api/users/:id/avatar');
    expect(exceptions(span!)).toEqual([exceptionOf(thrown)]);
  });

  test('a route-level error handler (app.get(path, handler, errorHandler)) is seen', async () => {
    const thrown = new SyntaxError('bad template');
    const { server, tracing } = await serve((app) => {
      app.get(
        '/render/:id',
        () => {
          throw thrown;
        },
        (err: Error, _req: Request, res: Response, _next: NextFunction) => {
          res.status(500).send(err.name);
        },
      );
    });
    expect(await send(server.port, '/render/1')).toMatchObject({ status: 500, body: 'SyntaxError' });
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /render/:id');
    expect(exceptions(span!)).toEqual([exceptionOf(thrown)]);
  });

  test('an error in middleware before any route: recorded, span named by the method', async () => {
    const thrown = new Error('auth backend down');
    const { server, tracing } = await serve((app) => {
      app.use(() => {
        throw thrown;
      });
      app.get('/never/:id', (_req, res) => {
        res.send('unreachable');
      });
    });
    expect((await send(server.port, '/never/1')).status).toBe(500);
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET');
    expect(exceptions(span!)).toEqual([exceptionOf(thrown)]);
  });

  test('an error with a status (err.status = 503) keeps Express\'s status choice', async () => {
    const thrown = Object.assign(new Error('maintenance'), { status: 503 });
    const { server, tracing } = await serve((app) => {
      app.get('/status', (_req, _res, next) => next(thrown));
    });
    expect((await send(server.port, '/status')).status).toBe(503);
    const [span] = await tracing.spans(1);
    expect(span!.attributes['error.type']).toBe('503');
    expect(exceptions(span!)).toHaveLength(1);
  });

  test('a non-Error value passed to next() is recorded by its message only', async () => {
    const { server, tracing } = await serve((app) => {
      app.get('/odd', (_req, _res, next) => next('plain string failure'));
    });
    expect((await send(server.port, '/odd')).status).toBe(500);
    const [span] = await tracing.spans(1);
    expect(exceptions(span!)).toEqual([{ 'exception.message': 'plain string failure' }]);
  });

  test('an error handler that fails with a new error: the last error is the one recorded', async () => {
    const first = new Error('first');
    const second = new Error('handler broke');
    const { server, tracing } = await serve((app) => {
      app.get('/twice', () => {
        throw first;
      });
      app.use(() => undefined); // plain middleware is skipped while an error is pending
      app.use((_err: Error, _req: Request, _res: Response, _next: NextFunction) => {
        throw second;
      });
    });
    expect((await send(server.port, '/twice')).status).toBe(500);
    const [span] = await tracing.spans(1);
    expect(exceptions(span!)).toEqual([exceptionOf(second)]);
  });

  test('an error after an await reaches Express and the span (next(err) in 4, a rejected promise in 5)', async () => {
    const thrown = new Error('async failure');
    const { server, tracing } = await serve((app) => {
      if (name === 'express 5') {
        app.get('/async/:id', async () => {
          await sleep(5);
          throw thrown;
        });
      } else {
        app.get('/async/:id', (_req, _res, next) => {
          void sleep(5).then(() => next(thrown));
        });
      }
    });
    expect((await send(server.port, '/async/1')).status).toBe(500);
    const spans = await tracing.spans(1);
    const span = spanFor(spans, '/async/1');
    expect(span.name).toBe('GET /async/:id');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(exceptions(span)).toEqual([exceptionOf(thrown)]);
  });
});
