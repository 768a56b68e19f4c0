/**
 * The tracer side of what extracting propagators leave in a context (foreign-context.ts): a
 * deferred sampling decision and a trace id hint, written here as another copy of core would
 * write them (Symbol.for keys), so the mechanism is tested apart from any one header format.
 */
import { ROOT_CONTEXT, suppressTracing, withSpan, withValue } from '../../src/context/store';
import { alwaysOff } from '../../src/sampling/always-off';
import { parentBased } from '../../src/sampling/parent-based';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import type { Span, TraceContext } from '../../src/types';
import { S, T32, startedSpans } from './formats';

const DEFERRED = Symbol.for('tracewire.samplingDeferred');
const HINT = Symbol.for('tracewire.traceIdHint');

function remote(traceFlags: number): Span {
  return new NonRecordingSpan({ traceId: T32, spanId: S, traceFlags, isRemote: true });
}

function deferredContext(parent: Span, marked: Span = parent): TraceContext {
  return withValue(withSpan(ROOT_CONTEXT, parent), DEFERRED, marked);
}

describe('tracer: a parent whose sampling was deferred', () => {
  test('the sampler is asked as for a root, with the parent trace id; the parent stays the parent', () => {
    const { start, asked } = startedSpans();
    const { readable } = start(deferredContext(remote(0)));
    expect(asked[0]).toMatchObject({ parent: undefined, traceId: T32 });
    expect(readable.spanContext()).toMatchObject({ traceId: T32, traceFlags: 1 });
    expect(readable.parentSpanId).toBe(S);
    expect(readable.parentIsRemote).toBe(true);
    expect(readable.localRootSpanId).toBe(readable.spanContext().spanId);
  });

  test('§1.4 holds: the random bit is the parent’s, exactly, set or not', () => {
    const { start } = startedSpans(parentBased({ root: alwaysOff() }));
    expect(start(deferredContext(remote(2))).span.spanContext().traceFlags).toBe(2);
    expect(start(deferredContext(remote(0))).span.spanContext().traceFlags).toBe(0);
  });

  test('the marker names one span: a context whose span was replaced (by a later format) is not deferred', () => {
    const { start, asked } = startedSpans();
    const unsampled = remote(0);
    expect(start(deferredContext(unsampled, remote(0))).span.spanContext().traceFlags).toBe(0);
    expect(asked[0]!.parent).toBe(unsampled.spanContext());
  });

  test('root: true ignores it; a suppressed context stays suppressed', () => {
    const { start } = startedSpans();
    expect(start(deferredContext(remote(0)), { root: true }).span.spanContext().traceId).not.toBe(T32);
    const suppressed = start(suppressTracing(deferredContext(remote(0)))).span;
    expect(suppressed.isRecording()).toBe(false);
    expect(suppressed.spanContext().spanId).toBe(S);
  });
});

describe('tracer: a trace id hint', () => {
  test('names the trace of a new root, without the random flag, and no parent', () => {
    const { start, asked } = startedSpans();
    const { readable } = start(withValue(ROOT_CONTEXT, HINT, T32));
    expect(readable.spanContext()).toMatchObject({ traceId: T32, traceFlags: 1 });
    expect(readable.parentSpanId).toBeUndefined();
    expect(asked[0]).toMatchObject({ parent: undefined, traceId: T32 });
  });

  test('a valid parent wins over it; root: true ignores it', () => {
    const { start } = startedSpans();
    const withParent = withValue(withSpan(ROOT_CONTEXT, new NonRecordingSpan({ traceId: 'a'.repeat(32), spanId: S, traceFlags: 1 })), HINT, T32);
    expect(start(withParent).span.spanContext().traceId).toBe('a'.repeat(32));
    const root = start(withValue(ROOT_CONTEXT, HINT, T32), { root: true }).span.spanContext();
    expect(root.traceId).not.toBe(T32);
    expect(root.traceFlags & 2).toBe(2);
  });

  test.each([
    ['uppercase', T32.toUpperCase()],
    ['all zeros', '0'.repeat(32)],
    ['too short', T32.slice(1)],
    ['not a string', 42],
  ])('an invalid hint (%s) is ignored: a fresh random trace', (_name, hint) => {
    const { span } = startedSpans().start(withValue(ROOT_CONTEXT, HINT, hint));
    expect(span.spanContext().traceId).not.toBe(String(hint).toLowerCase());
    expect(span.spanContext().traceFlags).toBe(3);
  });
});
