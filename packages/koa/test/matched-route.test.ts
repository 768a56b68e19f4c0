/**
 * `http.route` and the span name come from what @koa/router matched, read at response time:
 * prefixes and nested routers included, never the raw path (SPEC-NOTES §5.1, §5.4).
 */
import Router from '@koa/router';
import { SpanStatusCode } from '@tracewire/core';
import { matchedRoute } from '../src/matched-route';
import { KOA_MAJORS, tracedServer, type KoaClass, type TracedServer } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';

describe.each(KOA_MAJORS)('%s with @koa/router', (_name, Koa: KoaClass) => {
  let server: TracedServer;

  beforeAll(async () => {
    server = await tracedServer(Koa, (_router, app) => {
      const api = new Router({ prefix: '/api' });
      // router-level middleware: runs before the routes, and may throw before any route runs
      api.use(async (ctx, next) => {
        if (ctx.get('x-fail-early') !== '') throw new Error('failed before the route');
        await next();
      });
      api.get('/users/me', (ctx) => {
        ctx.body = 'me';
      });
      api.get('/users/:id', (ctx) => {
        ctx.body = 'user';
      });
      api.get('/chain/:id', async (ctx, next) => {
        ctx.body = 'chain';
        await next(); // into the router.use('/chain') layer below
      });
      api.use('/chain', async (ctx, next) => {
        ctx.set('x-after', 'yes');
        await next();
      });

      const orders = new Router();
      orders.get('/', (ctx) => {
        ctx.body = 'orders';
      });
      orders.get('/:orderId', (ctx) => {
        ctx.body = 'order';
      });
      api.use('/users/:userId/orders', orders.routes());

      const items = new Router({ prefix: '/items' });
      items.get('/:itemId', (ctx) => {
        ctx.body = 'item';
      });
      const v2 = new Router({ prefix: '/v2' });
      v2.use(items.routes());
      api.use(v2.routes());

      const orgs = new Router({ prefix: '/orgs/:org' });
      orgs.use(async (_ctx, next) => next());
      orgs.get('/repos/:repo', (ctx) => {
        ctx.body = 'repo';
      });

      const other = new Router();
      other.get('/other/:x', (ctx) => {
        ctx.body = 'other';
      });
      other.get(/^\/rx\/\d+$/, (ctx) => {
        ctx.body = 'regexp';
      });

      app.use(api.routes()).use(api.allowedMethods());
      app.use(orgs.routes());
      app.use(other.routes());
    });
  });

  afterAll(() => server.close());

  async function nameOf(path: string, headers: Record<string, string> = {}): Promise<{ name: string; route: unknown; status: number }> {
    const before = server.rec.finished().length;
    const reply = await send(server.port, path, { headers });
    const spans = await server.rec.spans(before + 1);
    const span = spanFor(spans.slice(before), path);
    expect(span.attributes['http.response.status_code']).toBe(reply.status);
    return { name: span.name, route: span.attributes['http.route'], status: reply.status };
  }

  test.each([
    ['/api/users/42', 'GET /api/users/:id'],
    ['/api/users/me', 'GET /api/users/me'],
    ['/api/users/7/orders', 'GET /api/users/:userId/orders'],
    ['/api/users/7/orders/99', 'GET /api/users/:userId/orders/:orderId'],
    ['/api/v2/items/abc', 'GET /api/v2/items/:itemId'],
    ['/orgs/acme/repos/web', 'GET /orgs/:org/repos/:repo'],
    ['/other/1', 'GET /other/:x'],
  ])('%s is named "%s" (router prefixes and nesting included)', async (path, expected) => {
    const { name, route, status } = await nameOf(path);
    expect(status).toBe(200);
    expect(name).toBe(expected);
    expect(route).toBe(expected.slice('GET '.length));
  });

  test('a route that passes on into a router.use() layer keeps its own template', async () => {
    expect((await nameOf('/api/chain/5')).name).toBe('GET /api/chain/:id');
  });

  test('an error in router middleware before the route runs: still the route the router chose', async () => {
    const { name, status } = await nameOf('/api/users/42', { 'x-fail-early': '1' });
    expect(status).toBe(500);
    expect(name).toBe('GET /api/users/:id');
  });

  test('a path no route matches, even one router middleware matched: the method alone', async () => {
    const result = await nameOf('/api/nothing');
    expect(result.status).toBe(404);
    expect(result.name).toBe('GET');
    expect(result.route).toBeUndefined();
  });

  test('a RegExp route has no template: the method alone, never the raw path', async () => {
    const result = await nameOf('/rx/123');
    expect(result.status).toBe(200);
    expect(result.name).toBe('GET');
    expect(result.route).toBeUndefined();
  });

  test('an error in router middleware marks the span as the 500 it became', async () => {
    const before = server.rec.finished().length;
    await send(server.port, '/api/users/1', { headers: { 'x-fail-early': 'yes' } });
    const span = spanFor((await server.rec.spans(before + 1)).slice(before), '/api/users/1');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((event) => event.attributes?.['exception.message'])).toEqual(['failed before the route']);
  });
});

describe('matchedRoute (what @koa/router leaves on ctx)', () => {
  const route = (path: unknown, methods: string[]) => ({ path, methods });
  const use = (path: unknown) => ({ path, methods: [] as string[] });

  test('nothing matched, or a RegExp route: no template', () => {
    expect(matchedRoute({ method: 'GET' })).toBeUndefined();
    expect(matchedRoute({ method: 'GET', _matchedRoute: /^\/x/, matched: [route(/^\/x/, ['GET'])] })).toBeUndefined();
  });

  test('the path of the route layer that ran last', () => {
    const matched = [use('(?:\\/|$)'), route('/users/:id', ['HEAD', 'GET']), route('/users/me', ['HEAD', 'GET'])];
    expect(matchedRoute({ method: 'GET', _matchedRoute: '/users/:id', matched })).toBe('/users/:id');
  });

  test('a router.use() layer ran last: the last route matching the method', () => {
    const matched = [use('(?:\\/|$)'), route('/a/:id', ['POST']), route('/a/:id', ['HEAD', 'GET']), use('/a')];
    expect(matchedRoute({ method: 'GET', _matchedRoute: '(?:\\/|$)', matched })).toBe('/a/:id');
    expect(matchedRoute({ method: 'get', _matchedRoute: '/a', matched })).toBe('/a/:id');
    expect(matchedRoute({ method: 'PUT', _matchedRoute: '/a', matched })).toBeUndefined();
  });

  test('a router that sets only _matchedRoute is believed', () => {
    expect(matchedRoute({ method: 'GET', _matchedRoute: '/legacy/:id' })).toBe('/legacy/:id');
  });

  test('odd layers are skipped, not trusted', () => {
    const matched = [null, { path: '/x' }, { path: '/x', methods: 'GET' }, route(7, ['GET'])];
    expect(matchedRoute({ method: 'GET', _matchedRoute: '/x', matched })).toBeUndefined();
  });
});
