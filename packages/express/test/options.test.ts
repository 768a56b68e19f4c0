import { TracewireError, type Tracer } from '@tracewire/core';
import { tracewire, type TracewireExpressOptions } from '@tracewire/express';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { listen } from '../../../test-support/servers';

describe('tracewire(options): checked once, when called', () => {
  test.each<[string, unknown]>([
    ['options not an object', 'yes'],
    ['traceResponseHeader not a boolean', { traceResponseHeader: 'no' }],
    ['ignorePaths not an array', { ignorePaths: '/health' }],
    ['an ignore path without a leading slash', { ignorePaths: ['health'] }],
    ['a request id header that is not a header name', { requestIdHeader: 'x request id' }],
    ['a tracer that is not one', { tracer: {} }],
    ['knownMethods not an array', { knownMethods: 'GET' }],
  ])('%s throws TracewireError TW_ERR_INVALID_OPTION', (_case, options) => {
    let thrown: unknown;
    try {
      tracewire(options as TracewireExpressOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TracewireError);
    expect((thrown as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
  });

  test('no options and valid options give a 3-argument middleware', () => {
    expect(tracewire()).toHaveLength(3);
    expect(tracewire({ ignorePaths: ['/ping'], echoRequestId: true })).toHaveLength(3);
  });
});

// Forwarding headers are believed only when the app trusts its proxy (or the option says so).
describe.each(FRAMEWORKS)('%s: trust proxy', (_name, express) => {
  const serve = harness(express);
  const forwarded = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example:8443' };
  const route = (app: import('express').Express) => {
    app.get('/where', (_req, res) => {
      res.send('here');
    });
  };

  test('by default forwarding headers are ignored', async () => {
    const { server, tracing } = await serve(route);
    await send(server.port, '/where', { headers: forwarded });
    const [span] = await tracing.spans(1);
    expect(span!.attributes).toMatchObject({ 'client.address': '127.0.0.1', 'url.scheme': 'http', 'server.address': '127.0.0.1' });
  });

  test('app.set("trust proxy", …) makes them count', async () => {
    const { server, tracing } = await serve((app) => {
      app.set('trust proxy', 1);
      route(app);
    });
    await send(server.port, '/where', { headers: forwarded });
    const [span] = await tracing.spans(1);
    expect(span!.attributes).toMatchObject({
      'client.address': '203.0.113.7',
      'url.scheme': 'https',
      'server.address': 'shop.example',
      'server.port': 8443,
    });
  });

  test('an explicit trustProxy option wins over the app setting', async () => {
    const { server, tracing } = await serve((app) => {
      app.set('trust proxy', true);
      route(app);
    }, { trustProxy: false });
    await send(server.port, '/where', { headers: forwarded });
    const [span] = await tracing.spans(1);
    expect(span!.attributes['client.address']).toBe('127.0.0.1');
  });
});

// The request path never throws because of tracing (DESIGN §2): a failure serves the request untraced.
describe.each(FRAMEWORKS)('%s: tracing that fails', (_name, express) => {
  test('a tracer that throws at request time: the request is served, untraced', async () => {
    const brokenTracer = {
      startSpan: () => {
        throw new Error('broken tracer');
      },
    } as unknown as Tracer;
    const app = express();
    app.use(tracewire({ tracer: brokenTracer }));
    app.get('/ok/:id', (req, res) => {
      res.json({ traced: req.tracewire !== undefined });
    });
    const server = await listen(app);
    try {
      const reply = await send(server.port, '/ok/1');
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ traced: false });
    } finally {
      await server.close();
    }
  });
});
