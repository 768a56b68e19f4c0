/**
 * The ignore list: built-in health and metrics paths, the user's additions, replacing the
 * defaults. Ignored requests keep context and ids but record no span.
 */
import { HEX16, TRACEPARENT, TRACE_ID, UUID, appSession, type Seen } from './helpers/app';
import { KOA_MAJORS, type KoaClass } from './helpers/harness';
import { send } from '../../../test-support/http-client';

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  const s = appSession(Koa);
  afterEach(() => s.close());

  test('built-in health and metrics paths: context and ids, but no exported span', async () => {
    const port = await s.start();
    for (const path of ['/health', '/healthz', '/readyz', '/livez', '/metrics']) {
      const reply = await send(port, path, { headers: { traceparent: TRACEPARENT } });
      const body = JSON.parse(reply.body) as Seen;
      expect(body.ignored).toBe(true);
      expect(body.traceId).toBe(TRACE_ID);
      expect(body.stateTraceId).toBe(TRACE_ID);
      expect(body.spanId).toMatch(HEX16);
      expect(body.requestId).toMatch(UUID);
      // not recorded here, so the sampled bit is cleared (§1.4)
      expect(reply.headers.traceresponse).toBe(`00-${TRACE_ID}-${body.spanId}-00`);
    }
    await send(port, '/users/1');
    const spans = await s.rec.settle();
    expect(spans.map((span) => span.attributes['url.path'])).toEqual(['/users/1']);
  });

  test("the user's list adds to the defaults (exact paths and RegExps)", async () => {
    const port = await s.start({ ignorePaths: ['/internal/ping', /^\/static\//] });
    for (const path of ['/internal/ping', '/static/app.js', '/health']) {
      expect((JSON.parse((await send(port, path)).body) as Seen).ignored).toBe(true);
    }
    await send(port, '/users/2');
    expect((await s.rec.settle()).map((span) => span.attributes['url.path'])).toEqual(['/users/2']);
  });

  test('replaceDefaultIgnorePaths: only the user list is ignored', async () => {
    const port = await s.start({ ignorePaths: ['/internal/ping'], replaceDefaultIgnorePaths: true });
    expect((JSON.parse((await send(port, '/internal/ping')).body) as Seen).ignored).toBe(true);
    expect((JSON.parse((await send(port, '/health')).body) as Seen).ignored).toBe(false);
    const spans = await s.rec.spans(1);
    expect(spans.map((span) => span.name)).toEqual(['GET /health']);
  });
});
