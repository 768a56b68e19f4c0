/** captureTraceIds(): what it patches, once, and what it leaves alone. */
import winston from 'winston';
import { captureTraceIds, traceFormat } from '../src';
import { SPAN_ID, TRACE_ID, remote, run } from './helpers/contexts';
import { streamLogger } from './helpers/loggers';

const { combine, json } = winston.format;
const ids = { trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' };

test('returns the same logger; a second call changes nothing', async () => {
  const out = streamLogger(combine(traceFormat(), json()));
  expect(captureTraceIds(out.logger)).toBe(out.logger);
  const patched = out.logger.write;
  expect(captureTraceIds(out.logger)).toBe(out.logger);
  expect(out.logger.write).toBe(patched);
  await out.close();
});

test('given a child, it installs on the root logger: parent, siblings and children made before or after are all captured', async () => {
  const out = streamLogger(combine(traceFormat(), json()));
  const before = out.logger.child({ who: 'before' });
  const child = out.logger.child({ who: 'child' });
  expect(captureTraceIds(child)).toBe(child);
  const after = child.child({ who: 'after' });
  const rootWrite = out.logger.write;
  captureTraceIds(out.logger);
  expect(out.logger.write).toBe(rootWrite);
  run(remote(), () => {
    out.logger.info('root');
    before.info('sibling');
    after.info('grandchild');
  });
  expect(out.lines()).toEqual([
    { level: 'info', message: 'root', ...ids },
    { level: 'info', message: 'sibling', who: 'before', ...ids },
    { level: 'info', message: 'grandchild', who: 'after', ...ids },
  ]);
  await out.close();
});

test('adds no visible key to the JSON line, inside or outside a trace', async () => {
  const out = streamLogger(json());
  captureTraceIds(out.logger);
  run(remote(), () => out.logger.info('inside'));
  out.logger.info('outside');
  expect(out.lines()).toEqual([
    { level: 'info', message: 'inside' },
    { level: 'info', message: 'outside' },
  ]);
  await out.close();
});

test('not a logger: a TypeError at setup', () => {
  for (const bad of [undefined, null, {}, { write: 1 }, 'logger']) {
    expect(() => captureTraceIds(bad as unknown as winston.Logger)).toThrow(TypeError);
  }
});
