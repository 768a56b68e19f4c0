/**
 * A failing format never breaks logging: a broken context costs the line its ids (reported once
 * through core's error handler), never the line; a neighbour format that mutates the nested ecs /
 * datadog objects neither throws nor leaks into later lines; a neighbour that throws loses only its
 * own line (winston rethrows its error to the caller) and the lines around it keep their ids.
 */
import { setErrorHandler, type TraceContext } from '@tracewire/core';
import winston from 'winston';
import { captureTraceIds, traceFormat } from '../src';
import { SPAN_ID, TRACE_ID, inServerAndChild, remote, run } from './helpers/contexts';
import { streamLogger } from './helpers/loggers';

const { combine, json } = winston.format;
const ids = { trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' };

let reported: Array<{ error: unknown; where: string }>;
beforeEach(() => {
  reported = [];
  setErrorHandler((error, where) => reported.push({ error, where }));
});
afterEach(() => setErrorHandler(null));

describe('a broken context', () => {
  const brokenIds = { span: { ids: () => { throw new Error('ids exploded'); } } } as unknown as TraceContext;
  const brokenSpan = Object.defineProperty({}, 'span', { get: () => { throw new Error('span getter exploded'); } }) as TraceContext;

  test.each([
    ['span.ids() throws', brokenIds],
    ['the span getter throws', brokenSpan],
  ])('%s: every line is logged without ids, the failure is reported once', async (_name, broken) => {
    const format = traceFormat();
    for (const capture of [false, true]) {
      const out = streamLogger(combine(format, json()));
      if (capture) captureTraceIds(out.logger);
      run(broken, () => {
        out.logger.info('one');
        out.logger.child({ c: 1 }).info('two');
      });
      run(remote(), () => out.logger.info('healthy'));
      expect(out.lines()).toEqual([
        { level: 'info', message: 'one' },
        { level: 'info', message: 'two', c: 1 },
        { level: 'info', message: 'healthy', ...ids },
      ]);
      await out.close();
    }
    expect(reported).toHaveLength(1);
    expect(reported[0]!.where).toBe('@tracewire/winston traceFormat');
    expect(String(reported[0]!.error)).toMatch(/exploded/);
  });
});

describe('neighbour formats', () => {
  test('a neighbour mutating the nested ecs / datadog objects does not throw and does not leak into the next line', async () => {
    // scribbles on (and deletes from) the nested object of the first line only
    const scribble = winston.format((info) => {
      if (info.message !== 'first') return info;
      const nested = (info.trace ?? info.dd) as Record<string, unknown>;
      nested.scribbled = true;
      delete nested.id;
      delete nested.trace_id;
      return info;
    })();
    for (const preset of ['ecs', 'datadog'] as const) {
      const out = streamLogger(combine(traceFormat({ preset, env: {} }), scribble, json()));
      inServerAndChild(remote(), () => {
        out.logger.info('first');
        out.logger.info('second');
      });
      const lines = out.lines();
      expect(lines.map((line) => line.message)).toEqual(['first', 'second', 'first', 'second']);
      const key = preset === 'ecs' ? 'trace' : 'dd';
      for (const line of lines.filter((l) => l.message === 'first')) expect(line[key]).toMatchObject({ scribbled: true });
      // the second line of the same context got its own clean copy
      for (const line of lines.filter((l) => l.message === 'second')) {
        expect(line[key]).not.toHaveProperty('scribbled');
        expect(line).toHaveProperty(preset === 'ecs' ? 'trace.id' : 'dd.trace_id');
      }
      await out.close();
    }
    expect(reported).toEqual([]);
  });

  test('a neighbour that throws loses only its own line (winston rethrows to the caller); the lines around it keep their ids', async () => {
    const picky = winston.format((info) => {
      if (info.message === 'bad') throw new Error('neighbour failed');
      return info;
    })();
    for (const order of ['before', 'after'] as const) {
      const out = streamLogger(order === 'before' ? combine(picky, traceFormat(), json()) : combine(traceFormat(), picky, json()));
      captureTraceIds(out.logger);
      run(remote(), () => {
        out.logger.info('good');
        expect(() => out.logger.info('bad')).toThrow('neighbour failed');
        out.logger.info('still good');
      });
      out.logger.info('outside');
      expect(out.lines()).toEqual([
        { level: 'info', message: 'good', ...ids },
        { level: 'info', message: 'still good', ...ids },
        { level: 'info', message: 'outside' },
      ]);
      await out.close();
    }
    expect(reported).toEqual([]);
  });
});
