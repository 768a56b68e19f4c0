/**
 * The context stays with its request through everything a handler does: await, timers, emitters
 * made in the handler, streams, a request body that arrives slowly, and 200 requests interleaved
 * at once — every log line and every span carries its own request's trace id.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { currentIds } from '@tracewire/core';
import { KOA_MAJORS, tracedServer, type KoaClass, type TracedServer } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';
import { logLines } from './helpers/log-lines';
import { randomTraceparent } from '../../../test-support/trace-ids';

/** Reads a request body through 'data'/'end' listeners (no body parser), logging from each. */
function readBody(req: IncomingMessage, onChunk: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      onChunk();
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  let server: TracedServer;
  /** test-side answer key: request number → the trace id it was sent with */
  const expectedFor = new Map<string, string>();
  const logs = logLines();
  const log = logs.log;

  beforeAll(async () => {
    server = await tracedServer(Koa, (router) => {
      router.get('/work/:n', async (ctx) => {
        const n = ctx.params.n!;
        const expected = expectedFor.get(n)!;
        log(expected, 'start');
        await sleep((Number(n) * 37) % 13); // a spread of short waits, so requests interleave
        log(expected, 'after await');
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            log(expected, 'setTimeout');
            resolve();
          }, (Number(n) * 17) % 7),
        );
        const emitter = new EventEmitter();
        const heard = new Promise<void>((resolve) =>
          emitter.once('ready', () => {
            log(expected, 'emitter');
            resolve();
          }),
        );
        setImmediate(() => emitter.emit('ready'));
        await heard;
        let streamed = '';
        await new Promise<void>((resolve, reject) => {
          Readable.from(['a', 'b', 'c'])
            .on('data', (chunk: string) => {
              log(expected, 'stream data');
              streamed += chunk;
            })
            .on('end', () => {
              log(expected, 'stream end');
              resolve();
            })
            .on('error', reject);
        });
        log(expected, 'end');
        ctx.body = { n, streamed, traceId: ctx.state.tracewire.traceId };
      });

      router.post('/orders', async (ctx) => {
        const expected = expectedFor.get(ctx.get('x-test-id'))!;
        const raw = await readBody(ctx.req, () => log(expected, 'body chunk'));
        const order = JSON.parse(raw) as unknown;
        log(expected, 'body parsed');
        ctx.body = { order, traceId: currentIds()?.traceId };
      });
    });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    logs.clear();
    expectedFor.clear();
    server.rec.exporter.reset();
  });

  test('200 interleaved requests that await, sleep, emit and stream: 0 mismatches in logs and spans', async () => {
    const sent = Array.from({ length: 200 }, (_, n) => ({ n: String(n), ...randomTraceparent() }));
    for (const request of sent) expectedFor.set(request.n, request.traceId);

    const replies = await Promise.all(sent.map((request) => send(server.port, `/work/${request.n}`, { headers: { traceparent: request.traceparent } })));

    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ n: sent[i]!.n, streamed: 'abc', traceId: sent[i]!.traceId });
    });
    expect(logs.lines).toHaveLength(200 * 9); // start, await, timer, emitter, 3 stream chunks, stream end, end
    expect(logs.mismatches()).toEqual([]);

    const spans = await server.rec.spans(200);
    expect(spans).toHaveLength(200);
    const wrongSpans = sent.filter((request) => {
      const span = spans.find((s) => s.attributes['url.path'] === `/work/${request.n}`);
      return span === undefined || span.spanContext().traceId !== request.traceId || span.parentSpanId !== request.parentId || span.name !== 'GET /work/:n';
    });
    expect(wrongSpans).toEqual([]);
  });

  test('JSON bodies that arrive slowly, 10 at once: each chunk listener and the parsed result see their request', async () => {
    const sent = Array.from({ length: 10 }, (_, n) => ({ n: String(n), ...randomTraceparent() }));
    for (const request of sent) expectedFor.set(request.n, request.traceId);
    const body = (n: string) => JSON.stringify({ order: n, items: [{ sku: 'a-1', qty: 2 }, { sku: 'b-2', qty: 1 }] });
    // four pieces 15 ms apart: the handler is waiting for the body while other requests run
    const pieces = (text: string) => [text.slice(0, 5), text.slice(5, 20), text.slice(20, 40), text.slice(40)];

    const replies = await Promise.all(
      sent.map((request) =>
        send(server.port, '/orders', {
          method: 'POST',
          headers: { traceparent: request.traceparent, 'x-test-id': request.n, 'content-type': 'application/json' },
          body: pieces(body(request.n)),
          chunkDelayMs: 15,
        }),
      ),
    );

    replies.forEach((reply, i) => {
      expect(JSON.parse(reply.body)).toEqual({ order: JSON.parse(body(sent[i]!.n)), traceId: sent[i]!.traceId });
    });
    expect(logs.lines.filter((line) => line.where === 'body parsed')).toHaveLength(10);
    expect(logs.lines.filter((line) => line.where === 'body chunk').length).toBeGreaterThanOrEqual(10 * 2);
    expect(logs.mismatches()).toEqual([]);
  });
});
