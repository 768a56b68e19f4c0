import http from 'node:http';
import { SpanStatusCode, currentIds } from '@tracewire/core';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { type TestServer } from '../../../test-support/servers';
import { deferred } from '../../../test-support/timing';
import { randomTraceparent } from '../../../test-support/trace-ids';

/** Starts a request and returns a way to drop its connection (the client goes away). */
function startRequest(server: TestServer, path: string, headers: Record<string, string>, body?: string): { destroy(): void } {
  const req = http.request(`${server.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, agent: false });
  req.on('error', () => undefined); // the client side sees its own abort as an error
  if (body === undefined) req.end();
  else req.write(body);
  return { destroy: () => req.destroy() };
}

// A request whose client goes away before the response: the span ends then, marked, and nothing leaks.
describe.each(FRAMEWORKS)('%s: aborted requests', (_name, express) => {
  const serve = harness(express);

  test('the client drops the connection while the handler waits: span ends as an error, later work keeps its own context', async () => {
    const waiting = deferred();
    const release = deferred();
    const later = deferred<string | undefined>();
    const { server, tracing } = await serve((app) => {
      app.get('/slow/:id', async (_req, res) => {
        waiting.resolve();
        await release.promise;
        later.resolve(currentIds()?.traceId);
        res.send('too late'); // writing after the abort must not throw into the app
      });
    });
    const caller = randomTraceparent();
    const client = startRequest(server, '/slow/1', { traceparent: caller.traceparent });
    await waiting.promise;
    client.destroy();

    // the span ends on the connection's close, before the handler has finished
    const [span] = await tracing.spans(1);
    expect(span!.name).toBe('GET /slow/:id');
    expect(span!.spanContext().traceId).toBe(caller.traceId);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['error.type']).toBe('aborted');
    expect(span!.attributes['http.response.status_code']).toBeUndefined();

    release.resolve();
    expect(await later.promise).toBe(caller.traceId);

    // the next request gets its own context, and the aborted one was exported once
    const next = randomTraceparent();
    expect((await send(server.port, '/slow/2', { headers: { traceparent: next.traceparent } })).status).toBe(200);
    const spans = await tracing.spans(2);
    expect(spans.map((s) => s.spanContext().traceId)).toEqual([caller.traceId, next.traceId]);
    expect(spans[1]!.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('a body upload cut off half way through express.json(): span ends as aborted', async () => {
    const received = deferred();
    const { server, tracing } = await serve((app) => {
      app.use((req, _res, next) => {
        req.once('data', () => received.resolve());
        next();
      });
      app.post('/upload', express.json(), (_req, res) => {
        res.send('never');
      });
    });
    const caller = randomTraceparent();
    const client = startRequest(server, '/upload', { traceparent: caller.traceparent, 'content-type': 'application/json', 'content-length': '1000' }, '{"part":');
    await received.promise;
    client.destroy();
    const [span] = await tracing.spans(1);
    expect(span!.spanContext().traceId).toBe(caller.traceId);
    expect(span!.attributes['error.type']).toBe('aborted');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
