/**
 * Combining with the app's own mixin: its keys win over tracewire's, it still runs outside a trace,
 * and when it throws the line is written anyway (with tracewire's fields) and the error reported once.
 */
import { extract, run, setErrorHandler } from '@tracewire/core';
import { traceMixin } from '@tracewire/pino';
import { capturedLogger, withoutPinoKeys } from './helpers/log-lines';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const inTrace = extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` });
const OURS = { trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' };

const reported: Array<{ error: unknown; where: string }> = [];
beforeEach(() => {
  reported.length = 0;
  setErrorHandler((error, where) => reported.push({ error, where }));
});
afterEach(() => setErrorHandler(null));

test('the user mixin\'s keys are added, and win over tracewire\'s', () => {
  const { log, sink } = capturedLogger({ mixin: traceMixin({ mixin: () => ({ app: 'shop', trace_flags: 'mine' }) }) });
  run(inTrace, () => log.info('inside'));
  log.info('outside');
  const [inside, outside] = sink.lines().map(withoutPinoKeys);
  expect(inside).toEqual({ ...OURS, trace_flags: 'mine', app: 'shop' });
  expect(outside).toEqual({ app: 'shop', trace_flags: 'mine' }); // outside a trace the user's mixin alone
});

test('the user mixin gets pino\'s arguments: the merge object, the level number, the logger', () => {
  const calls: unknown[][] = [];
  const { log } = capturedLogger({
    mixin: traceMixin({
      mixin: (...args) => {
        calls.push(args);
        return {};
      },
    }),
  });
  const child = log.child({ part: 'x' });
  run(inTrace, () => child.warn({ order: 7 }, 'w'));
  expect(calls).toHaveLength(1);
  expect(calls[0]![0]).toEqual({ order: 7 });
  expect(calls[0]![1]).toBe(40);
  expect(calls[0]![2]).toBe(child);
});

test('a throwing user mixin: every line is still written, with tracewire\'s fields; reported once', () => {
  const failure = new Error('mixin bug');
  const { log, sink } = capturedLogger({
    mixin: traceMixin({
      mixin: () => {
        throw failure;
      },
    }),
  });
  run(inTrace, () => {
    log.info('one');
    log.info({ order: 2 }, 'two');
  });
  log.info('outside');
  expect(sink.lines()).toEqual([
    { level: 30, ...OURS, msg: 'one' },
    { level: 30, ...OURS, order: 2, msg: 'two' },
    { level: 30, msg: 'outside' },
  ]);
  expect(reported).toHaveLength(1);
  expect(reported[0]!.error).toBe(failure);
  expect(reported[0]!.where).toContain('@tracewire/pino');
});

test('a user mixin returning nothing (undefined, null, a number) adds nothing and breaks nothing', () => {
  const results: unknown[] = [undefined, null, 42];
  let i = 0;
  const { log, sink } = capturedLogger({ mixin: traceMixin({ mixin: () => results[i++ % 3] as object }) });
  run(inTrace, () => {
    for (let k = 0; k < 3; k++) log.info('inside');
  });
  for (let k = 0; k < 3; k++) log.info('outside');
  const lines = sink.lines().map(withoutPinoKeys);
  expect(lines.slice(0, 3)).toEqual([OURS, OURS, OURS]);
  expect(lines.slice(3)).toEqual([{}, {}, {}]);
  expect(reported).toEqual([]);
});

test('the line\'s own merge object still wins over both mixins (pino\'s default merge)', () => {
  const { log, sink } = capturedLogger({ mixin: traceMixin({ mixin: () => ({ app: 'shop' }) }) });
  run(inTrace, () => log.info({ app: 'override', trace_id: 'explicit' }, 'inside'));
  expect(withoutPinoKeys(sink.lines()[0]!)).toEqual({ ...OURS, trace_id: 'explicit', app: 'override' });
});
