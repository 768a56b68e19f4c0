import { SpanKind, SpanStatusCode } from '@tracewire/core';
import { tracewire } from '@tracewire/express';
import type { NextFunction, Request, Response } from 'express';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';
import { randomTraceparent } from '../../../test-support/trace-ids';
import { expectLoopbackServerAttributes } from '../../../test-support/server-span';

// The SERVER span of a request: name, kind, parent, attributes and status (SPEC-NOTES §5).
describe.each(FRAMEWORKS)('%s: the SERVER span', (name, express) => {
  const serve = harness(express);

  test('a 200 continues the caller\'s trace as a SERVER span named after the route, with the §5.4 attributes', async () => {
    const { server, tracing } = await serve((app) => {
      app.get('/users/:id', (_req, res) => {
        res.json({ ok: true });
      });
    });
    const caller = randomTraceparent();
    const reply = await send(server.port, '/users/42?x=1&sig=secret', { headers: { traceparent: caller.traceparent, 'user-agent': 'spec-test/1.0' } });
    expect(reply.status).toBe(200);

    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /users/:id');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(caller.traceId);
    expect(span!.parentSpanId).toBe(caller.parentId);
    expect(span!.parentIsRemote).toBe(true);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.events).toHaveLength(0);
    expectLoopbackServerAttributes(span!, { path: '/users/42', query: 'x=1&sig=REDACTED', route: '/users/:id', status: 200, port: server.port, userAgent: 'spec-test/1.0' });
    expect(span!.attributes['error.type']).toBeUndefined();
  });

  test('a 404 with no matching route is named by the method alone, no http.route, status left unset', async () => {
    const { server, tracing } = await serve(() => undefined);
    const reply = await send(server.port, '/nowhere/123');
    expect(reply.status).toBe(404);
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET');
    expect(span!.attributes['http.route']).toBeUndefined();
    expect(span!.attributes['http.response.status_code']).toBe(404);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes['error.type']).toBeUndefined();
  });

  test('a route that passes the request on (next()) does not name a 404', async () => {
    const { server, tracing } = await serve((app) => {
      app.get('/maybe/:id', (_req, _res, next) => next());
      app.get('/skip/:id', (_req, _res, next) => next('route'));
    });
    expect((await send(server.port, '/maybe/1')).status).toBe(404);
    expect((await send(server.port, '/skip/1')).status).toBe(404);
    const spans = await tracing.spans(2);
    expect(spans.map((s) => s.name)).toEqual(['GET', 'GET']);
  });

  test('a 500 answered by the handler is an error span with error.type "500"', async () => {
    const { server, tracing } = await serve((app) => {
      app.get('/fail/:id', (_req, res) => {
        res.status(500).send('no');
      });
      app.get('/teapot', (_req, res) => {
        res.status(418).send('4xx is the client\'s');
      });
    });
    await send(server.port, '/fail/1');
    await send(server.port, '/teapot');
    const spans = await tracing.spans(2);
    const fail = spanFor(spans, '/fail/1');
    expect(fail.name).toBe('GET /fail/:id');
    expect(fail.status.code).toBe(SpanStatusCode.ERROR);
    expect(fail.attributes['error.type']).toBe('500');
    expect(fail.attributes['http.response.status_code']).toBe(500);
    const teapot = spanFor(spans, '/teapot');
    expect(teapot.status.code).toBe(SpanStatusCode.UNSET);
    expect(teapot.attributes['error.type']).toBeUndefined();
  });

  test('an unknown method is "_OTHER" and the span is named "HTTP" (never _OTHER, never the URL)', async () => {
    const { server, tracing } = await serve((app) => {
      app.all('/any/:id', (_req, res) => {
        res.send('any');
      });
    });
    await send(server.port, '/any/1', { method: 'PURGE' });
    await send(server.port, '/other', { method: 'PURGE' });
    const spans = await tracing.spans(2);
    const routed = spanFor(spans, '/any/1');
    expect(routed.name).toBe('HTTP /any/:id');
    expect(routed.attributes['http.request.method']).toBe('_OTHER');
    expect(routed.attributes['http.request.method_original']).toBe('PURGE');
    expect(spanFor(spans, '/other').name).toBe('HTTP');
  });

  test('HEAD on a GET route is named HEAD with the route', async () => {
    const { server, tracing } = await serve((app) => {
      app.get('/users/:id', (_req, res) => {
        res.send('x');
      });
    });
    await send(server.port, '/users/1', { method: 'HEAD' });
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('HEAD /users/:id');
  });

  test('routers: mount paths (with parameters) of nested routers prefix the route template', async () => {
    const { server, tracing } = await serve((app) => {
      const api = express.Router();
      const v1 = express.Router();
      const repos = express.Router({ mergeParams: true });
      v1.get('/users/:id', (_req, res) => {
        res.send('user');
      });
      v1.get('/', (_req, res) => {
        res.send('v1 root');
      });
      repos.get('/repos/:repoId', (req, res) => {
        res.json(req.params);
      });
      api.use('/v1', v1);
      api.use('/orgs/:orgId', repos);
      app.use('/api', api);
    });
    await send(server.port, '/api/v1/users/7');
    await send(server.port, '/api/v1');
    const repo = await send(server.port, '/api/orgs/acme%20inc/repos/99');
    expect(JSON.parse(repo.body)).toEqual({ orgId: 'acme inc', repoId: '99' });
    const spans = await tracing.spans(3);
    expect(spanFor(spans, '/api/v1/users/7').name).toBe('GET /api/v1/users/:id');
    expect(spanFor(spans, '/api/v1/users/7').attributes['http.route']).toBe('/api/v1/users/:id');
    expect(spanFor(spans, '/api/v1').name).toBe('GET /api/v1');
    expect(spanFor(spans, '/api/orgs/acme%20inc/repos/99').name).toBe('GET /api/orgs/:orgId/repos/:repoId');
  });

  test('a router route that passes on to an app-level route is named after the route that answered', async () => {
    const { server, tracing } = await serve((app) => {
      const api = express.Router();
      api.get('/items/:id', (_req, _res, next) => next());
      app.use('/api', api);
      app.get('/api/items/:itemId', (_req, res) => {
        res.send('app-level');
      });
    });
    expect((await send(server.port, '/api/items/3')).body).toBe('app-level');
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /api/items/:itemId');
  });

  test('array and RegExp route paths are named from what was given to Express', async () => {
    const { server, tracing } = await serve((app) => {
      app.get(['/a/:id', '/b/:id'], (_req, res) => {
        res.send('array');
      });
      app.get(/^\/re\/\d+$/, (_req, res) => {
        res.send('regexp');
      });
    });
    await send(server.port, '/b/1');
    await send(server.port, '/re/123');
    const spans = await tracing.spans(2);
    expect(spanFor(spans, '/b/1').name).toBe('GET /a/:id,/b/:id');
    expect(spanFor(spans, '/re/123').name).toBe('GET /^\\/re\\/\\d+$/');
  });

  test('each major\'s own wildcard syntax is kept as written', async () => {
    const wildcard = name === 'express 5' ? '/files/{*rest}' : '/files/*';
    const { server, tracing } = await serve((app) => {
      app.get(wildcard, (_req, res) => {
        res.send('file');
      });
    });
    expect((await send(server.port, '/files/a/b/c.txt')).status).toBe(200);
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe(`GET ${wildcard}`);
  });

  test('routes added after the first request are named too', async () => {
    const { app, server, tracing } = await serve((a) => {
      a.get('/first', (_req, res) => {
        res.send('1');
      });
    });
    await send(server.port, '/first');
    const late = express.Router();
    late.get('/thing/:id', (_req, res) => {
      res.send('late');
    });
    app.use('/late', late);
    expect((await send(server.port, '/late/thing/5')).body).toBe('late');
    const spans = await tracing.spans(2);
    expect(spanFor(spans, '/late/thing/5').name).toBe('GET /late/thing/:id');
  });

  test('a mounted sub-app with its own tracewire(): one trace, routes named with the mount path, its error handlers seen', async () => {
    const thrown = new Error('admin failure');
    const { server, tracing } = await serve((app) => {
      const admin = express();
      admin.use(tracewire());
      admin.get('/users/:id', (_req, res) => {
        res.send('admin user');
      });
      admin.get('/fail', () => {
        throw thrown;
      });
      admin.get('/pass', (_req, _res, next) => next());
      admin.use((_err: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(503).send('admin handled');
      });
      app.use('/tenants/:tenant/admin', admin);
      app.get('/tenants/:tenant/admin/pass', (_req, res) => {
        res.send('parent answered');
      });
    });
    const caller = randomTraceparent();
    expect((await send(server.port, '/tenants/t1/admin/users/5', { headers: { traceparent: caller.traceparent } })).body).toBe('admin user');
    expect(await send(server.port, '/tenants/t2/admin/fail')).toMatchObject({ status: 503, body: 'admin handled' });
    expect((await send(server.port, '/tenants/t3/admin/pass')).body).toBe('parent answered');
    const spans = await tracing.spans(3);
    expect(spans).toHaveLength(3);
    const user = spanFor(spans, '/tenants/t1/admin/users/5');
    expect(user.name).toBe('GET /tenants/:tenant/admin/users/:id');
    expect(user.spanContext().traceId).toBe(caller.traceId);
    expect(user.parentSpanId).toBe(caller.parentId);
    const fail = spanFor(spans, '/tenants/t2/admin/fail');
    expect(fail.name).toBe('GET /tenants/:tenant/admin/fail');
    expect(fail.events.map((e) => e.attributes['exception.message'])).toEqual(['admin failure']);
    expect(spanFor(spans, '/tenants/t3/admin/pass').name).toBe('GET /tenants/:tenant/admin/pass');
  });

  test('a mounted sub-app without tracewire() of its own: still one span, named by the method (documented limit)', async () => {
    const { server, tracing } = await serve((app) => {
      const blog = express();
      blog.get('/posts/:slug', (_req, res) => {
        res.send('post');
      });
      app.use('/blog', blog);
    });
    expect((await send(server.port, '/blog/posts/hello')).body).toBe('post');
    const spans = await tracing.spans(1);
    expect(spans.map((s) => s.name)).toEqual(['GET']);
  });
});
