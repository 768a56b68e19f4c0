/**
 * The acceptance test: real pino loggers inside real HTTP requests served by each adapter.
 * 200 concurrent requests with distinct traceparents; each handler sleeps a random few ms between
 * lines (so requests interleave) and logs through the logger, a child logger and (Fastify) the
 * framework's request logger. Every line written inside a request must carry that request's ids —
 * 0 mismatches — and lines written meanwhile outside any request carry none of the keys.
 */
import { traceMixin } from '@tracewire/pino';
import { ADAPTERS, startApp, type RunningApp } from './helpers/adapters';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';
import { randomTraceparent, traceresponseIds, type Incoming } from '../../../test-support/trace-ids';
import { capturedLogger, lineSink, type LogLine } from './helpers/log-lines';

const REQUESTS = 200;
const KEYS = ['trace_id', 'span_id', 'trace_flags'];

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const randomSleep = () => sleep(Math.floor(Math.random() * 8));

describe.each(ADAPTERS)('%s: 200 concurrent requests', (adapter) => {
  test('every line inside a request has its own request\'s ids; none outside', async () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin() });
    const fastifySink = lineSink();
    const fastifyLogger = adapter === 'fastify' ? { stream: fastifySink.stream, mixin: traceMixin(), level: 'info' } : undefined;

    running = await startApp(
      adapter,
      async (n, requestLog) => {
        log.info({ n }, 'start');
        await randomSleep();
        const child = log.child({ n, component: 'child' });
        child.info('from the child');
        await randomSleep();
        child.child({ depth: 2 }).warn('from the grandchild');
        requestLog?.info({ n }, 'from request.log');
        await randomSleep();
        log.info({ n }, 'end');
      },
      { fastifyLogger },
    );

    log.info('before the requests');
    // a timer started outside any request keeps firing while the requests run: no context, no ids
    let ticks = 0;
    const timer = setInterval(() => log.info({ tick: ++ticks }, 'background tick'), 2);

    const sent: Incoming[] = Array.from({ length: REQUESTS }, () => randomTraceparent());
    const replies = await Promise.all(sent.map((inc, n) => send(running!.port, `/work/${n}`, { headers: { traceparent: inc.traceparent } })));
    clearInterval(timer);
    log.info('after the requests');

    const expected = replies.map((reply, n) => {
      expect(reply.status).toBe(200);
      const ids = traceresponseIds(reply.headers.traceresponse);
      expect(ids.traceId).toBe(sent[n]!.traceId); // the incoming trace was continued
      return ids;
    });

    const lines = sink.lines();
    const inside = lines.filter((line) => typeof line.n === 'number');
    const outside = lines.filter((line) => line.n === undefined);
    expect(inside).toHaveLength(REQUESTS * 4);
    const mismatches = inside.filter((line) => {
      const want = expected[line.n as number]!;
      return line.trace_id !== want.traceId || line.span_id !== want.spanId || line.trace_flags !== '01';
    });
    expect(mismatches).toEqual([]);

    expect(ticks).toBeGreaterThan(0);
    expect(outside.map((line) => line.msg)).toEqual(expect.arrayContaining(['before the requests', 'background tick', 'after the requests']));
    for (const line of outside) for (const key of KEYS) expect(line).not.toHaveProperty(key);

    if (adapter === 'fastify') checkFastifyLines(fastifySink.lines(), expected);
  }, 30_000);
});

/**
 * Fastify's own logger carries the mixin too (and the plugin runs with `logIds: false`): its
 * request lines and "request completed" have the request's ids; "incoming request" is written
 * before any hook runs, so it has none (the plugin's README says so).
 */
function checkFastifyLines(lines: LogLine[], expected: Array<{ traceId: string; spanId: string }>): void {
  const nByReqId = new Map<unknown, number>();
  for (const line of lines) if (line.msg === 'from request.log') nByReqId.set(line.reqId, line.n as number);
  expect(nByReqId.size).toBe(REQUESTS);
  const ofRequests = lines.filter((line) => nByReqId.has(line.reqId));
  const traced = ofRequests.filter((line) => line.msg !== 'incoming request');
  expect(traced.filter((line) => line.msg === 'request completed')).toHaveLength(REQUESTS);
  const mismatches = traced.filter((line) => {
    const want = expected[nByReqId.get(line.reqId)!]!;
    return line.trace_id !== want.traceId || line.span_id !== want.spanId;
  });
  expect(mismatches).toEqual([]);
  for (const line of ofRequests.filter((l) => l.msg === 'incoming request')) expect(line).not.toHaveProperty('trace_id');
}
