/**
 * 200 interleaved concurrent requests, each with its own traceparent, over a few keep-alive
 * sockets. Handlers await, sleep, use setTimeout, an EventEmitter and a stream, and log through
 * request.log and through a tiny logger reading core's currentIds(). Every log line and every
 * exported span must carry its own request's trace id: zero mismatches.
 */
import { EventEmitter, once } from 'node:events';
import { Agent } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, currentIds } from '@tracewire/core';
import { MAJORS, closeAll, startApp } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { orderedTraceparent } from '../../../test-support/trace-ids';

const REQUESTS = 200;

afterEach(closeAll);

describe.each(MAJORS)('%s: concurrency', (_major, fastify) => {
  test(`${REQUESTS} interleaved requests: every log line and span carries its own trace id`, async () => {
    /** The tiny logger: a line per call with whatever ids are active at the call. */
    const tinyLines: Array<{ n: number; step: string; trace_id: string | undefined }> = [];
    const tinyLog = (n: number, step: string) => tinyLines.push({ n, step, trace_id: currentIds()?.traceId });

    const h = await startApp(fastify, {
      routes: (app) =>
        app.get('/work/:n', async (request) => {
          const n = Number((request.params as { n: string }).n);
          request.log.info({ n, step: 'start' }, 'start');
          tinyLog(n, 'start');
          await sleep(Math.floor(Math.random() * 15));
          tinyLog(n, 'after sleep');
          await new Promise<void>((resolve) =>
            setTimeout(() => {
              request.log.info({ n, step: 'timer' }, 'timer');
              tinyLog(n, 'timer');
              resolve();
            }, Math.floor(Math.random() * 10)),
          );
          const emitter = new EventEmitter();
          emitter.on('ping', () => tinyLog(n, 'emitter'));
          setImmediate(() => emitter.emit('ping'));
          await once(emitter, 'ping');
          let text = '';
          for await (const chunk of Readable.from(['a', 'b', 'c'])) {
            await sleep(Math.floor(Math.random() * 3));
            text += String(chunk);
            tinyLog(n, 'stream');
          }
          request.log.info({ n, step: 'end', text }, 'end');
          return { n, traceId: currentIds()?.traceId };
        }),
    });

    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    try {
      const expected = Array.from({ length: REQUESTS }, (_, n) => orderedTraceparent(n));
      const answers = await Promise.all(
        expected.map((tp, n) => send(h.port, `/work/${n}`, { agent, headers: { traceparent: tp.traceparent } }).then((res) => res.json<{ n: number; traceId: string }>())),
      );
      const mismatches: string[] = [];
      for (const answer of answers) if (answer.traceId !== expected[answer.n]!.traceId) mismatches.push(`answer ${answer.n}`);

      // the tiny logger: 1 start, 1 after sleep, 1 timer, 1 emitter, 3 stream lines per request
      expect(tinyLines).toHaveLength(REQUESTS * 7);
      for (const line of tinyLines) if (line.trace_id !== expected[line.n]!.traceId) mismatches.push(`tiny ${line.n} ${line.step}`);

      // Fastify's lines: the app's (with n) and Fastify's own "request completed", tied by reqId
      const lines = h.logs();
      const requestOf = new Map<string, number>();
      const appLines = lines.filter((l) => typeof l.n === 'number');
      expect(appLines).toHaveLength(REQUESTS * 3);
      for (const line of appLines) {
        requestOf.set(String(line.reqId), line.n as number);
        if (line.trace_id !== expected[line.n as number]!.traceId) mismatches.push(`request.log ${String(line.n)} ${String(line.step)}`);
      }
      const completed = lines.filter((l) => l.msg === 'request completed');
      expect(completed).toHaveLength(REQUESTS);
      for (const line of completed) {
        const n = requestOf.get(String(line.reqId));
        if (n === undefined || line.trace_id !== expected[n]!.traceId) mismatches.push(`completed ${String(line.reqId)}`);
      }

      const spans = await h.spans(REQUESTS);
      expect(spans).toHaveLength(REQUESTS);
      for (const span of spans) {
        const n = Number(String(span.attributes['url.path']).split('/')[2]);
        const tp = expected[n]!;
        if (span.kind !== SpanKind.SERVER || span.name !== 'GET /work/:n') mismatches.push(`span shape ${n}`);
        if (span.spanContext().traceId !== tp.traceId) mismatches.push(`span trace ${n}`);
        if (span.parentSpanId !== tp.parentId) mismatches.push(`span parent ${n}`);
      }
      expect(new Set(spans.map((s) => s.attributes['url.path'])).size).toBe(REQUESTS);
      expect(mismatches).toEqual([]);
    } finally {
      agent.destroy();
    }
  });
});
