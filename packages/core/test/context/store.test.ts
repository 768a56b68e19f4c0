import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  active,
  activeSpan,
  bind,
  bindEmitter,
  currentIds,
  isTracingSuppressed,
  run,
  suppressTracing,
  withBaggage,
  withRequestId,
  withSpan,
  withValue,
} from '../../src/context/store';
import { generateSpanId, generateTraceId } from '../../src/ids';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import type { TraceContext } from '../../src/types';

function contextWithNewSpan(flags = 1): TraceContext {
  return withSpan(undefined, new NonRecordingSpan({ traceId: generateTraceId(), spanId: generateSpanId(), traceFlags: flags }));
}

describe('context store', () => {
  test('no context is a normal state', () => {
    expect(active()).toBeUndefined();
    expect(activeSpan()).toBeUndefined();
    expect(currentIds()).toBeUndefined();
  });

  test('run scopes the context to the callback and returns its result', () => {
    const ctx = contextWithNewSpan();
    const result = run(ctx, (a: number, b: number) => {
      expect(active()).toBe(ctx);
      return a + b;
    }, 2, 3);
    expect(result).toBe(5);
    expect(active()).toBeUndefined();
  });

  test('currentIds formats the active span ids for loggers', () => {
    const ctx = contextWithNewSpan(0x03);
    const span = ctx.span!;
    run(ctx, () => {
      const ids = currentIds()!;
      expect(ids.traceId).toBe(span.spanContext().traceId);
      expect(ids.spanId).toBe(span.spanContext().spanId);
      expect(ids.traceFlags).toBe('03');
      expect(ids.sampled).toBe(true);
      expect(currentIds()).toBe(ids); // cached per span: no allocation per log line
    });
  });

  test('context survives await, timers, setImmediate and process.nextTick', async () => {
    const ctx = contextWithNewSpan();
    await run(ctx, async () => {
      await sleep(1);
      expect(active()).toBe(ctx);
      await new Promise<void>((resolve) => setTimeout(() => { expect(active()).toBe(ctx); resolve(); }, 2));
      await new Promise<void>((resolve) => setImmediate(() => { expect(active()).toBe(ctx); resolve(); }));
      await new Promise<void>((resolve) => process.nextTick(() => { expect(active()).toBe(ctx); resolve(); }));
      await Promise.resolve().then(() => expect(active()).toBe(ctx));
    });
  });

  test('200 interleaved concurrent run scopes never see each other', async () => {
    const seen: Array<[TraceContext, TraceContext | undefined]> = [];
    const scopes = Array.from({ length: 200 }, (_, i) => {
      const ctx = contextWithNewSpan();
      return run(ctx, async () => {
        for (let step = 0; step < 3; step++) {
          await sleep((i * 7 + step * 13) % 5);
          seen.push([ctx, active()]);
        }
      });
    });
    await Promise.all(scopes);
    expect(seen).toHaveLength(600);
    for (const [expected, actual] of seen) expect(actual).toBe(expected);
    expect(active()).toBeUndefined();
  });

  test('bind runs a callback in the context captured at bind time, not the caller\'s', () => {
    const ctxA = contextWithNewSpan();
    const ctxB = contextWithNewSpan();
    const bound = run(ctxA, () => bind(function (this: unknown, x: number) { return [active(), this, x] as const; }));
    const receiver = { name: 'receiver' };
    const [ctx, self, x] = run(ctxB, () => bound.call(receiver, 7));
    expect(ctx).toBe(ctxA);
    expect(self).toBe(receiver);
    expect(x).toBe(7);
    // an explicit context wins over the active one
    const explicit = run(ctxA, () => bind(() => active(), ctxB));
    expect(explicit()).toBe(ctxB);
  });

  test('bindEmitter makes listeners run in the bound context whoever emits', () => {
    const emitter = new EventEmitter();
    const ctxRequest = contextWithNewSpan();
    const ctxOther = contextWithNewSpan();
    const seen: Array<TraceContext | undefined> = [];
    emitter.on('data', () => seen.push(active()));
    emitter.on('data', () => seen.push(active()));
    bindEmitter(emitter, ctxRequest);
    run(ctxOther, () => emitter.emit('data'));
    emitter.emit('data');
    expect(seen).toEqual([ctxRequest, ctxRequest, ctxRequest, ctxRequest]);
  });

  test('binding an emitter twice re-targets it without stacking wrappers', () => {
    const emitter = new EventEmitter();
    const first = contextWithNewSpan();
    const second = contextWithNewSpan();
    bindEmitter(emitter, first);
    const emitAfterFirst = emitter.emit;
    bindEmitter(emitter, second);
    expect(emitter.emit).toBe(emitAfterFirst);
    let seen: TraceContext | undefined;
    emitter.on('x', () => { seen = active(); });
    emitter.emit('x');
    expect(seen).toBe(second);
  });

  test('bindEmitter keeps emit\'s return value and listener exceptions', () => {
    const emitter = bindEmitter(new EventEmitter(), contextWithNewSpan());
    expect(emitter.emit('nobody')).toBe(false);
    emitter.on('boom', () => { throw new Error('listener failed'); });
    expect(() => emitter.emit('boom')).toThrow('listener failed');
  });

  test('with* helpers derive new contexts and never mutate the old one', () => {
    const base = contextWithNewSpan();
    const key = Symbol('request-id');
    const withId = withValue(base, key, 'req-1');
    expect(withId.values?.get(key)).toBe('req-1');
    expect(base.values).toBeUndefined();
    expect(withId.span).toBe(base.span);
    const withNothing = withBaggage(withId, undefined);
    expect(withNothing.values?.get(key)).toBe('req-1');
    const other = contextWithNewSpan().span!;
    expect(withSpan(withId, other).span).toBe(other);
    // a request id given with the span replaces the old one; without it, the old one is kept
    const tagged = withRequestId(withId, 'req-1');
    expect(withSpan(tagged, other).requestId).toBe('req-1');
    expect(withSpan(tagged, other, 'req-2')).toMatchObject({ span: other, requestId: 'req-2' });
    expect(tagged.requestId).toBe('req-1');
    expect(withId.span).toBe(base.span);
  });

  test('suppressTracing marks a derived context only', () => {
    const base = contextWithNewSpan();
    const suppressed = suppressTracing(base);
    expect(isTracingSuppressed(suppressed)).toBe(true);
    expect(isTracingSuppressed(base)).toBe(false);
    expect(suppressed.span).toBe(base.span);
    run(suppressed, () => expect(isTracingSuppressed()).toBe(true));
    expect(isTracingSuppressed()).toBe(false);
  });

  test('a second copy of core shares the same store', () => {
    const ctx = contextWithNewSpan();
    let secondCopy: typeof import('../../src/context/store') | undefined;
    jest.isolateModules(() => {
      secondCopy = require('../../src/context/store');
    });
    expect(secondCopy).toBeDefined();
    expect(secondCopy!.active).not.toBe(active); // really a separate module instance
    run(ctx, () => expect(secondCopy!.active()).toBe(ctx));
    secondCopy!.run(ctx, () => expect(active()).toBe(ctx));
  });
});

describe('bindEmitter with two installed copies of core', () => {
  test('a second copy re-targets the emitter instead of wrapping it again (no endless recursion)', () => {
    // a second module instance of the store, as a second installed copy of core would be
    let other: typeof import('../../src/context/store') | undefined;
    jest.isolateModules(() => {
      other = require('../../src/context/store') as typeof import('../../src/context/store');
    });
    const { EventEmitter } = require('node:events') as typeof import('node:events');
    const store = require('../../src/context/store') as typeof import('../../src/context/store');
    expect(other!.bindEmitter).not.toBe(store.bindEmitter);
    const emitter = new EventEmitter();
    const seen: Array<string | undefined> = [];
    emitter.on('ping', () => seen.push(store.active()?.requestId));
    store.bindEmitter(emitter, store.withRequestId(undefined, 'first'));
    other!.bindEmitter(emitter, other!.withRequestId(undefined, 'second'));
    store.bindEmitter(emitter, store.withRequestId(undefined, 'third'));
    expect(() => emitter.emit('ping')).not.toThrow();
    expect(seen).toEqual(['third']);
  });
});
