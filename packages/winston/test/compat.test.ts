/**
 * traceFormat() with winston's own features: `format.splat()`, `format.metadata()` (where the ids
 * end up depends on the order — the README recommends metadata() first), `defaultMeta`, child
 * loggers, formats that copy `info`, and `format.prettyPrint()`.
 */
import winston from 'winston';
import { captureTraceIds, traceFormat } from '../src';
import { SPAN_ID, TRACE_ID, remote, run } from './helpers/contexts';
import { slowLogger, streamLogger } from './helpers/loggers';

const { combine, json, splat, metadata, prettyPrint } = winston.format;
const ids = { trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' };
const inTrace = (fn: () => void) => run(remote(), fn);

test.each([
  ['splat(), traceFormat()', () => combine(splat(), traceFormat(), json())],
  ['traceFormat(), splat()', () => combine(traceFormat(), splat(), json())],
])('%s: interpolation works and the line has the ids; trailing meta object kept', async (_order, format) => {
  const out = streamLogger(format());
  inTrace(() => {
    out.logger.info('user %s bought %d items', 'ann', 3);
    out.logger.log('warn', 'order %s failed', 'o-7', { order: 7 });
  });
  expect(out.lines()).toEqual([
    { level: 'info', message: 'user ann bought 3 items', ...ids },
    { level: 'warn', message: 'order o-7 failed', order: 7, ...ids },
  ]);
  await out.close();
});

describe('metadata()', () => {
  test('recommended: metadata() before traceFormat() — ids stay top level, your fields go under metadata', async () => {
    const out = streamLogger(combine(metadata(), traceFormat(), json()));
    inTrace(() => out.logger.info('paid', { order: 7 }));
    expect(out.lines()).toEqual([{ level: 'info', message: 'paid', metadata: { order: 7 }, ...ids }]);
    await out.close();
  });

  test('traceFormat() before metadata(): the ids are collected into metadata too', async () => {
    const out = streamLogger(combine(traceFormat(), metadata(), json()));
    inTrace(() => out.logger.info('paid', { order: 7 }));
    expect(out.lines()).toEqual([{ level: 'info', message: 'paid', metadata: { order: 7, ...ids } }]);
    await out.close();
  });

  test('traceFormat() before metadata({ fillExcept }) naming the id keys: top level again', async () => {
    const out = streamLogger(combine(traceFormat(), metadata({ fillExcept: ['level', 'message', 'trace_id', 'span_id', 'trace_flags'] }), json()));
    inTrace(() => out.logger.info('paid', { order: 7 }));
    expect(out.lines()).toEqual([{ level: 'info', message: 'paid', metadata: { order: 7 }, ...ids }]);
    await out.close();
  });
});

test('defaultMeta is kept on every call form, next to the ids; outside a trace only defaultMeta', async () => {
  const out = streamLogger(combine(splat(), traceFormat(), json()), { defaultMeta: { service: 'shop' } });
  inTrace(() => {
    out.logger.info('one');
    out.logger.info('two %s', 'x', { extra: 1 });
    out.logger.log({ level: 'info', message: 'three' });
    out.logger.child({ component: 'cart' }).info('four');
  });
  out.logger.info('outside');
  expect(out.lines()).toEqual([
    { level: 'info', message: 'one', service: 'shop', ...ids },
    { level: 'info', message: 'two x', service: 'shop', extra: 1, ...ids },
    { level: 'info', message: 'three', service: 'shop', ...ids },
    { level: 'info', message: 'four', service: 'shop', component: 'cart', ...ids },
    { level: 'info', message: 'outside', service: 'shop' },
  ]);
  await out.close();
});

describe('child loggers', () => {
  test('children and grandchildren keep their metadata and get the ids, with and without capture', async () => {
    for (const capture of [false, true]) {
      const out = streamLogger(combine(traceFormat(), json()));
      const child = out.logger.child({ component: 'cart' });
      if (capture) captureTraceIds(out.logger);
      const grandchild = child.child({ step: 'pay' });
      inTrace(() => {
        child.info('child');
        grandchild.error('grandchild');
      });
      child.info('child outside');
      expect(out.lines()).toEqual([
        { level: 'info', message: 'child', component: 'cart', ...ids },
        { level: 'error', message: 'grandchild', component: 'cart', step: 'pay', ...ids },
        { level: 'info', message: 'child outside', component: 'cart' },
      ]);
      await out.close();
    }
  });

  test('a key of the same name in child metadata is overwritten by the active ids (the context is the source of truth)', async () => {
    const out = streamLogger(combine(traceFormat(), json()));
    const child = out.logger.child({ trace_id: 'stale', component: 'cart' });
    inTrace(() => child.info('x'));
    expect(out.lines()).toEqual([{ level: 'info', message: 'x', component: 'cart', ...ids }]);
    await out.close();
  });
});

test('a format before traceFormat() that returns a copy of info keeps the capture (enumerable symbol), even when formatting is deferred', async () => {
  const copy = winston.format((info) => ({ ...info }))();
  const out = slowLogger(combine(copy, traceFormat(), json()), { minMs: 1, maxMs: 1 });
  captureTraceIds(out.logger);
  // 30 calls in 30 contexts: past the first 17 the slow transport makes winston format later
  const traceIdOf = (n: number) => (n + 1).toString(16).padStart(32, 'c');
  for (let n = 0; n < 30; n++) run(remote('01', traceIdOf(n)), () => out.logger.info('copied', { n }));
  const lines = await out.waitFor(30);
  expect(lines.map((line) => line.trace_id)).toEqual(Array.from({ length: 30 }, (_, n) => traceIdOf(n)));
  await out.close();
});

test('prettyPrint(): the capture shows as one short token, never the span internals', async () => {
  const out = streamLogger(combine(traceFormat(), prettyPrint()));
  captureTraceIds(out.logger);
  let printed = '';
  out.logger.on('data', (info: Record<symbol, unknown>) => (printed += String(info[Symbol.for('message')])));
  inTrace(() => out.logger.info('pretty'));
  expect(printed).toContain(`trace_id: '${TRACE_ID}'`);
  expect(printed).toContain('[tracewire context]');
  expect(printed).not.toMatch(/Span|localRoot/);
  await out.close();
});
