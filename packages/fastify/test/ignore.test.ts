/**
 * The ignore list: built-in health and metrics paths, user paths added (or replacing the
 * defaults only when asked). Ignored requests get a context and log ids, but no exported span.
 */
import { currentIds } from '@tracewire/core';
import type { FastifyInstance } from 'fastify';
import { MAJORS, closeAll, startApp } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { TRACE_ID } from '../../../test-support/trace-ids';

const DEFAULTS = ['/health', '/healthz', '/readyz', '/livez', '/metrics'];

afterEach(closeAll);

function routes(app: FastifyInstance): void {
  for (const path of [...DEFAULTS, '/internal/ping', '/work']) {
    app.get(path, async (request) => {
      request.log.info({ path }, 'handled');
      return { traceId: currentIds()?.traceId, ignored: request.tracewire.ignored };
    });
  }
}

/**
 * Sends `paths`, then one traced request, and returns the paths that got a span once `expected`
 * spans arrived (plus a last flush: nothing more may come).
 */
async function exportedPaths(h: Awaited<ReturnType<typeof startApp>>, paths: string[], expected: number): Promise<string[]> {
  for (const path of paths) await send(h.port, path, { headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } });
  await send(h.port, '/work');
  await h.spans(expected);
  await h.tracer.forceFlush();
  return h.exporter.getFinishedSpans().map((s) => String(s.attributes['url.path']));
}

describe.each(MAJORS)('%s: ignore list', (_major, fastify) => {
  test('the built-in paths: context and log ids, but no exported span', async () => {
    const h = await startApp(fastify, { routes });
    for (const path of DEFAULTS) {
      const res = await send(h.port, path, { headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } });
      expect(res.json()).toEqual({ traceId: TRACE_ID, ignored: true });
      // not recorded here, so not sampled by this participant
      expect(res.headers.traceresponse).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    }
    const logged = h.logs().filter((l) => l.msg === 'handled');
    expect(logged).toHaveLength(DEFAULTS.length);
    for (const line of logged) expect(line.trace_id).toBe(TRACE_ID);
    expect(await exportedPaths(h, [], 1)).toEqual(['/work']);
  });

  test('user paths are added to the defaults', async () => {
    const h = await startApp(fastify, { routes, plugin: { ignorePaths: ['/internal/ping', /^\/work-not$/] } });
    expect(await exportedPaths(h, ['/health', '/internal/ping'], 1)).toEqual(['/work']);
  });

  test('replaceDefaultIgnorePaths: only the user\'s list', async () => {
    const h = await startApp(fastify, { routes, plugin: { ignorePaths: ['/internal/ping'], replaceDefaultIgnorePaths: true } });
    const paths = await exportedPaths(h, ['/health', '/internal/ping'], 2);
    expect(paths.sort()).toEqual(['/health', '/work']);
  });
});
