/**
 * The mixin inside pino itself: child loggers, merge objects, and pino's default merge strategy,
 * which writes each line's keys into the object the mixin returns (so the mixin must never hand
 * out a shared object — one line's keys would leak into the next).
 */
import { TracewireError, extract, run } from '@tracewire/core';
import { traceMixin } from '@tracewire/pino';
import { capturedLogger, withoutPinoKeys } from './helpers/log-lines';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const inTrace = extract({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` });
const OURS = { trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' };

describe('child loggers', () => {
  test('children (and grandchildren) keep their bindings and get the ids', () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin() });
    const child = log.child({ module: 'orders' });
    run(inTrace, () => {
      child.info('child');
      child.child({ step: 2 }).info('grandchild');
    });
    expect(sink.lines()).toEqual([
      { level: 30, module: 'orders', ...OURS, msg: 'child' },
      { level: 30, module: 'orders', step: 2, ...OURS, msg: 'grandchild' },
    ]);
  });

  test('the ids are read at the log call: a child made outside a trace logs ids inside one, and none after', () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin() });
    const child = log.child({ module: 'orders' });
    run(inTrace, () => child.info('inside'));
    const madeInside = run(inTrace, () => log.child({ module: 'made inside' }));
    madeInside.info('outside');
    expect(sink.lines().map(withoutPinoKeys)).toEqual([{ module: 'orders', ...OURS }, { module: 'made inside' }]);
  });
});

describe('pino writes into what the mixin returns: nothing leaks between lines', () => {
  test('a merge object\'s keys stay on their own line, inside and outside a trace', () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin() });
    log.info({ order: 1 }, 'outside with keys');
    log.info('outside');
    run(inTrace, () => {
      log.info({ order: 2 }, 'inside with keys');
      log.info('inside');
    });
    expect(sink.lines().map(withoutPinoKeys)).toEqual([{ order: 1 }, {}, { ...OURS, order: 2 }, OURS]);
  });

  test('every call returns a fresh, writable object', () => {
    const mixin = traceMixin({ preset: 'ecs' }) as (o: object, l: number, logger: unknown) => Record<string, unknown>;
    const outsideA = mixin({}, 30, undefined);
    const outsideB = mixin({}, 30, undefined);
    expect(outsideA).toEqual({});
    expect(outsideA).not.toBe(outsideB);
    run(inTrace, () => {
      const a = mixin({}, 30, undefined);
      const b = mixin({}, 30, undefined);
      expect(a).not.toBe(b);
      expect(Object.isFrozen(a)).toBe(false);
      a.extra = 1;
      expect(b).toEqual({ trace: { id: TRACE_ID }, transaction: { id: SPAN_ID } });
    });
  });

  test('a line overriding a nested ECS object does not touch the next line\'s', () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin({ preset: 'ecs' }) });
    run(inTrace, () => {
      log.info({ trace: { note: 'mine' } }, 'override');
      log.info('plain');
    });
    expect(sink.lines().map(withoutPinoKeys)).toEqual([
      { trace: { note: 'mine' }, transaction: { id: SPAN_ID } },
      { trace: { id: TRACE_ID }, transaction: { id: SPAN_ID } },
    ]);
  });

  test('errors logged as the first argument keep pino\'s err serialisation', () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin() });
    run(inTrace, () => log.error(new Error('boom')));
    const line = sink.lines()[0]!;
    expect(line).toMatchObject({ level: 50, ...OURS, msg: 'boom', err: { type: 'Error', message: 'boom' } });
  });
});

describe('options are checked once, when traceMixin() is called', () => {
  const invalid: Array<[string, unknown]> = [
    ['a preset that does not exist', { preset: 'splunk' }],
    ['an empty custom key', { keys: { traceId: '' } }],
    ['baggage keys that are not strings', { baggageKeys: [1] }],
    ['a mixin that is not a function', { mixin: { app: 'shop' } }],
    ['options that are not an object', 'otel'],
    ['null options', null],
  ];
  test.each(invalid)('%s throws TracewireError TW_ERR_INVALID_OPTION', (_name, options) => {
    const call = () => traceMixin(options as never);
    expect(call).toThrow(TracewireError);
    expect(call).toThrow(expect.objectContaining({ code: 'TW_ERR_INVALID_OPTION' }));
  });

  test('the returned mixin is marked, so other tracewire packages can tell it is there', () => {
    expect((traceMixin() as unknown as Record<symbol, unknown>)[Symbol.for('tracewire.pino.traceMixin')]).toBe(true);
    expect((traceMixin({ mixin: () => ({}) }) as unknown as Record<symbol, unknown>)[Symbol.for('tracewire.pino.traceMixin')]).toBe(true);
  });
});
