import http from 'node:http';
import { EventEmitter, once } from 'node:events';
import { Readable } from 'node:stream';
import { SpanKind, currentIds } from '@tracewire/core';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';
import { randomTraceparent, type Incoming } from '../../../test-support/trace-ids';

const REQUESTS = 200;

interface LogLine {
  readonly n: number;
  readonly step: string;
  readonly expected: string;
  readonly actual: string | undefined;
}

// Many requests at once, each awaiting, sleeping, emitting, streaming and logging: every log line
// and every span must carry its own request's trace id — no mismatch, no leak between requests.
describe.each(FRAMEWORKS)('%s: interleaved requests', (_name, express) => {
  const serve = harness(express);
  let agent: http.Agent;
  beforeEach(() => {
    // keep-alive with fewer sockets than requests: connections are reused by different traces
    agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  });
  afterEach(() => agent.destroy());

  test(`${REQUESTS} concurrent requests with distinct traceparents: 0 mismatches in logs and spans`, async () => {
    const callers: Incoming[] = Array.from({ length: REQUESTS }, () => randomTraceparent());
    expect(new Set(callers.map((caller) => caller.traceId)).size).toBe(REQUESTS);
    const lines: LogLine[] = [];
    /** A tiny logger: what a log adapter would stamp on the line, next to what the test expects. */
    const log = (n: number, step: string) => lines.push({ n, step, expected: callers[n]!.traceId, actual: currentIds()?.traceId });
    const jitter = () => Math.floor(Math.random() * 8);

    const { server, tracing } = await serve((app) => {
      app.get('/work/:n', async (req, res) => {
        const n = Number(req.params.n);
        log(n, 'start');
        await sleep(jitter());
        log(n, 'after await');
        await new Promise<void>((resolve) => setTimeout(() => (log(n, 'timer'), resolve()), jitter()));
        const emitter = new EventEmitter();
        emitter.on('tick', () => log(n, 'emitter'));
        setTimeout(() => emitter.emit('tick'), jitter());
        await once(emitter, 'tick');
        for await (const _chunk of Readable.from(['a', 'b', 'c'])) log(n, 'stream');
        res.json({ n, traceId: currentIds()?.traceId });
      });
    });

    const replies = await Promise.all(
      callers.map((caller, n) => send(server.port, `/work/${n}`, { headers: { traceparent: caller.traceparent }, agent })),
    );
    replies.forEach((reply, n) => expect(JSON.parse(reply.body)).toEqual({ n, traceId: callers[n]!.traceId }));

    expect(lines).toHaveLength(REQUESTS * 7);
    const badLines = lines.filter((line) => line.actual !== line.expected);
    expect(badLines).toEqual([]);

    const spans = await tracing.spans(REQUESTS);
    expect(spans).toHaveLength(REQUESTS);
    const badSpans = spans.filter((span) => {
      const n = Number(String(span.attributes['url.path']).slice('/work/'.length));
      const caller = callers[n];
      return (
        caller === undefined ||
        span.kind !== SpanKind.SERVER ||
        span.name !== 'GET /work/:n' ||
        span.spanContext().traceId !== caller.traceId ||
        span.parentSpanId !== caller.parentId
      );
    });
    expect(badSpans.map((span) => span.attributes['url.path'])).toEqual([]);
    expect(new Set(spans.map((span) => span.attributes['url.path'])).size).toBe(REQUESTS);
  });
});
