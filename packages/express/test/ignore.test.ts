import { currentIds } from '@tracewire/core';
import type { Express } from 'express';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { randomTraceparent, traceresponseIds } from '../../../test-support/trace-ids';

// Ignored paths get context and log ids (and the trace goes on downstream) but no exported span.
describe.each(FRAMEWORKS)('%s: ignore list', (_name, express) => {
  const serve = harness(express);
  const routes = (app: Express) => {
    for (const path of ['/health', '/healthz', '/readyz', '/livez', '/metrics', '/internal/ping', '/users/:id']) {
      app.get(path, (req, res) => {
        res.json({ ignored: req.tracewire?.ignored, logTraceId: currentIds()?.traceId, requestId: req.tracewire?.requestId });
      });
    }
  };

  test('the built-in paths have context and ids but export nothing', async () => {
    const { server, tracing } = await serve(routes);
    for (const path of ['/health', '/healthz', '/readyz', '/livez', '/metrics']) {
      const caller = randomTraceparent();
      const reply = await send(server.port, path, { headers: { traceparent: caller.traceparent } });
      const seen = JSON.parse(reply.body);
      expect(seen).toMatchObject({ ignored: true, logTraceId: caller.traceId });
      expect(seen.requestId).toMatch(/^[0-9a-f-]{36}$/);
      // still continues the trace; this participant recorded nothing, so it answers unsampled
      expect(traceresponseIds(reply.headers.traceresponse)).toMatchObject({ traceId: caller.traceId, flags: '00' });
    }
    await send(server.port, '/users/1'); // a traced request after them: its span is the only one
    const spans = await tracing.spans(1);
    await tracing.tracer.forceFlush();
    expect(tracing.finished().map((s) => s.attributes['url.path'])).toEqual(['/users/1']);
    expect(spans[0]!.name).toBe('GET /users/:id');
  });

  test('a user list adds to the built-in one (strings and RegExps)', async () => {
    const { server, tracing } = await serve(routes, { ignorePaths: ['/internal/ping', /^\/users\/9\d*$/] });
    for (const path of ['/internal/ping', '/health', '/users/90']) {
      expect(JSON.parse((await send(server.port, path)).body).ignored).toBe(true);
    }
    await send(server.port, '/users/1');
    await tracing.spans(1);
    await tracing.tracer.forceFlush();
    expect(tracing.finished().map((s) => s.attributes['url.path'])).toEqual(['/users/1']);
  });

  test('replaceDefaultIgnorePaths: only the user list is ignored', async () => {
    const { server, tracing } = await serve(routes, { ignorePaths: ['/internal/ping'], replaceDefaultIgnorePaths: true });
    expect(JSON.parse((await send(server.port, '/internal/ping')).body).ignored).toBe(true);
    expect(JSON.parse((await send(server.port, '/health')).body).ignored).toBe(false);
    const spans = await tracing.spans(1);
    expect(spans.map((s) => s.name)).toEqual(['GET /health']);
  });
});
