/**
 * A deliberately slow transport (5–10 ms per line, `highWaterMark: 1`) behind concurrent requests.
 * What we found in winston 3.19 / readable-stream 3: the Logger is a Transform stream; while its
 * readable side has room (16 objects) `_transform` — and so the format — runs inside
 * `logger.info()`. Once the transport signals backpressure, `write()` only queues the info object,
 * and the format runs later, from the callback that drains the transport: in whichever request's
 * async context that callback was created. So `traceFormat()` alone stamps wrong ids once the
 * transport backs up (asserted below, not assumed), and `captureTraceIds` fixes it: 0 mismatches.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { extract, run as runIn } from '@tracewire/core';
import winston from 'winston';
import { captureTraceIds, traceFormat } from '../src';
import { drive, mismatches, type Expected } from './helpers/load';
import { slowLogger, type Collected } from './helpers/loggers';
import { ADAPTERS, type Handler } from './helpers/servers';

const REQUESTS = 50;
const LINES_PER_REQUEST = 3;
const { combine, json } = winston.format;

function handlerFor(collected: Collected): Handler {
  return async (n) => {
    collected.logger.info('start', { n });
    await sleep(Math.floor(Math.random() * 5));
    collected.logger.child({ n }).info('from the child');
    await sleep(Math.floor(Math.random() * 5));
    collected.logger.info('end', { n });
  };
}

/** Runs the load, waits until the slow transport has written every line, and closes the logger. */
async function run(start: Parameters<typeof drive>[0], collected: Collected): Promise<{ lines: Record<string, unknown>[]; expected: Expected[] }> {
  try {
    const expected = await drive(start, handlerFor(collected), REQUESTS, collected.logger);
    // requests answer long before their lines are written: wait for all of them (the ticker adds
    // an unknown number of outside lines, so count the request lines)
    for (let i = 0; i < 4000; i++) {
      const inside = collected.lines().filter((line) => typeof line.n === 'number').length;
      if (inside >= REQUESTS * LINES_PER_REQUEST && collected.lines().some((line) => line.message === 'after the requests')) break;
      await sleep(5);
    }
    return { lines: collected.lines(), expected };
  } finally {
    await collected.close();
  }
}

describe.each(ADAPTERS)('%s, slow transport', (_name, start) => {
  test(`traceFormat() alone: ${REQUESTS} concurrent requests get wrong ids once the transport backs up`, async () => {
    const { lines, expected } = await run(start, slowLogger(combine(traceFormat(), json())));
    expect(lines.filter((line) => typeof line.n === 'number')).toHaveLength(REQUESTS * LINES_PER_REQUEST);
    // formats ran in the context of whoever drained the transport, not of the call: most request
    // lines lack their ids or carry another context's (which one depends on the first line written)
    const wrongLines = lines.filter((line) => typeof line.n === 'number' && mismatches([line], expected).length > 0);
    expect(wrongLines.length).toBeGreaterThan(REQUESTS);
  }, 60_000);

  // a transport's own format runs later still, on the copy the transport makes of the line
  test.each([
    ["in the logger's format", () => slowLogger(combine(traceFormat(), json()))],
    ["in the transport's own format", () => slowLogger(undefined, { transportFormat: combine(traceFormat(), json()) })],
  ])(`captureTraceIds, traceFormat() %s: ${REQUESTS} concurrent requests, every line has its own request's ids, outside lines none`, async (_where, make) => {
    const collected = make();
    captureTraceIds(collected.logger);
    const { lines, expected } = await run(start, collected);
    expect(lines.filter((line) => typeof line.n === 'number')).toHaveLength(REQUESTS * LINES_PER_REQUEST);
    expect(mismatches(lines, expected)).toEqual([]);
  }, 60_000);
});

describe('the mechanism, without HTTP: 40 calls in 40 contexts, one after the other', () => {
  const traceIdOf = (n: number) => (n + 1).toString(16).padStart(32, 'a');
  const contextOf = (n: number) => extract({ traceparent: `00-${traceIdOf(n)}-${'b'.repeat(15)}1-01` });

  async function logForty(collected: Collected): Promise<Array<Record<string, unknown>>> {
    for (let n = 0; n < 40; n++) runIn(contextOf(n), () => collected.logger.info('call', { n }));
    collected.logger.info('outside', { outside: true });
    const lines = await collected.waitFor(41);
    await collected.close();
    return lines;
  }

  test('traceFormat() alone: the first 17 lines are formatted in the call, every later one in the first caller\'s context', async () => {
    const lines = await logForty(slowLogger(combine(traceFormat(), json()), { minMs: 1, maxMs: 2 }));
    expect(lines).toHaveLength(41);
    // 1 line in the transport + 16 in the Logger's readable buffer (objectMode highWaterMark):
    // formatted synchronously; then write() only queues, and the transport's callback chain —
    // started by the first call, in context 0 — runs every later transform
    const stamped = lines.map((line) => line.trace_id);
    expect(stamped.slice(0, 17)).toEqual(Array.from({ length: 17 }, (_, n) => traceIdOf(n)));
    expect(stamped.slice(17)).toEqual(Array.from({ length: 24 }, () => traceIdOf(0)));
    // including the line logged outside any context
    expect(lines[40]).toMatchObject({ message: 'outside', trace_id: traceIdOf(0) });
  });

  test('captureTraceIds: every line carries the context of its own call; the outside line none', async () => {
    const collected = slowLogger(combine(traceFormat(), json()), { minMs: 1, maxMs: 2 });
    captureTraceIds(collected.logger);
    const lines = await logForty(collected);
    expect(lines.map((line) => line.trace_id)).toEqual([...Array.from({ length: 40 }, (_, n) => traceIdOf(n)), undefined]);
    expect(lines[40]).toEqual({ level: 'info', message: 'outside', outside: true });
  });
});
