/**
 * Real winston loggers inside real HTTP requests served by each adapter: 200 concurrent requests
 * with distinct traceparents, handlers that await random short sleeps and log several lines (also
 * through `logger.child()` and with `splat()` interpolation). Every line has its own request's ids,
 * lines logged outside requests have none — with `traceFormat()` alone (the transport is
 * synchronous here, so formats run inside the call) and with `captureTraceIds` added.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import winston from 'winston';
import { captureTraceIds, traceFormat } from '../src';
import { drive, mismatches } from './helpers/load';
import { streamLogger } from './helpers/loggers';
import { ADAPTERS } from './helpers/servers';

const REQUESTS = 200;
const LINES_PER_REQUEST = 4;
const { combine, splat, json } = winston.format;
const jitter = () => sleep(Math.floor(Math.random() * 8));

describe.each(ADAPTERS)('%s', (_name, start) => {
  test.each([
    ['traceFormat() alone', false],
    ['traceFormat() + captureTraceIds', true],
  ])(`${REQUESTS} concurrent requests, %s: every line has its request's ids, lines outside have none`, async (_mode, capture) => {
    const out = streamLogger(combine(splat(), traceFormat({ requestId: true, baggageKeys: ['tenant'] }), json()));
    const log = capture ? captureTraceIds(out.logger) : out.logger;
    try {
      const expected = await drive(
        start,
        async (n) => {
          log.info('start', { n });
          await jitter();
          const child = log.child({ n, component: 'worker' });
          child.info('from the child');
          await jitter();
          log.log('info', 'step %d of request %s', 3, String(n), { n });
          await jitter();
          child.child({ step: 'last' }).warn('from the grandchild');
        },
        REQUESTS,
        log,
      );
      const lines = out.lines();
      const inside = lines.filter((line) => typeof line.n === 'number');
      expect(inside).toHaveLength(REQUESTS * LINES_PER_REQUEST);
      expect(lines.filter((line) => line.outside === true).length).toBeGreaterThanOrEqual(2);
      expect(mismatches(lines, expected, true)).toEqual([]);

      // splat interpolated, child metadata kept
      const n7 = inside.filter((line) => line.n === 7);
      expect(n7.map((line) => line.message).sort()).toEqual(['from the child', 'from the grandchild', 'start', 'step 3 of request 7']);
      expect(n7.find((line) => line.message === 'from the grandchild')).toMatchObject({ component: 'worker', step: 'last', level: 'warn' });
      // unsampled requests carry their ids too
      expect(inside.filter((line) => line.trace_flags === '00')).toHaveLength((REQUESTS / 2) * LINES_PER_REQUEST);
    } finally {
      await out.close();
    }
  }, 30_000);
});
