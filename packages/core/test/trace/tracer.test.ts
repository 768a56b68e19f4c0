import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { active, activeSpan, run, suppressTracing, withSpan } from '../../src/context/store';
import { resetWarning } from '../../src/diag';
import { captureDiagnostics, type CapturedDiagnostics } from '../helpers/capture-diagnostics';
import { generateSpanId, generateTraceId, isValidSpanId, isValidTraceId } from '../../src/ids';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import { resolveSpanLimits } from '../../src/trace/span-limits';
import { TracerImpl, type TracerConfig } from '../../src/trace/tracer';
import { alwaysOff } from '../../src/sampling/always-off';
import { alwaysOn } from '../../src/sampling/always-on';
import { parentBased } from '../../src/sampling/parent-based';
import {
  SamplingDecision,
  SpanKind,
  SpanStatusCode,
  type ExportStats,
  type FlushResult,
  type ReadableSpan,
  type Sampler,
  type SamplingParameters,
  type SamplingResult,
  type Span,
  type SpanContext,
  type SpanProcessor,
  type TraceContext,
  type TraceStateLike,
} from '../../src/types';

/** A real processor that keeps everything in memory. */
class MemoryProcessor implements SpanProcessor {
  readonly started: ReadableSpan[] = [];
  readonly ended: ReadableSpan[] = [];
  readonly parentContexts: Array<TraceContext | undefined> = [];
  shutdownCalls = 0;
  flushCalls = 0;
  onStart(span: ReadableSpan, parentContext: TraceContext | undefined): void {
    this.started.push(span);
    this.parentContexts.push(parentContext);
  }
  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }
  forceFlush(): Promise<FlushResult> {
    this.flushCalls++;
    return Promise.resolve({ ok: true, timedOut: false });
  }
  shutdown(): Promise<FlushResult> {
    this.shutdownCalls++;
    return Promise.resolve({ ok: true, timedOut: false });
  }
}

/** A sampler returning a fixed decision and remembering what it was asked. */
class FixedSampler implements Sampler {
  readonly calls: SamplingParameters[] = [];
  constructor(private readonly result: SamplingResult) {}
  shouldSample(params: SamplingParameters): SamplingResult {
    this.calls.push(params);
    return this.result;
  }
  toString(): string {
    return 'FixedSampler';
  }
}

function makeTracer(overrides: Partial<TracerConfig> = {}): { tracer: TracerImpl; processor: MemoryProcessor } {
  const processor = new MemoryProcessor();
  const config: TracerConfig = {
    resource: { attributes: { 'service.name': 'tracer-test' } },
    scope: { name: '@tracewire/core' },
    sampler: parentBased({ root: alwaysOn() }),
    processors: [processor],
    spanLimits: resolveSpanLimits(),
    disabled: false,
    ...overrides,
  };
  return { tracer: new TracerImpl(config), processor };
}

/** The recorded fields of a span the tracer returned (a RecordingSpan); `spanContext` stays a method on this face. */
function fieldsOf(span: Span): Omit<ReadableSpan, 'spanContext'> {
  return span as unknown as Omit<ReadableSpan, 'spanContext'>;
}

function traceState(serialized: string): TraceStateLike {
  const state: TraceStateLike = { get: () => undefined, set: () => state, unset: () => state, serialize: () => serialized, size: 1 };
  return state;
}

function remoteParent(traceFlags: number, state?: TraceStateLike): TraceContext {
  const context: SpanContext = { traceId: generateTraceId(), spanId: generateSpanId(), traceFlags, traceState: state, isRemote: true };
  return withSpan(undefined, new NonRecordingSpan(context));
}

let diag: CapturedDiagnostics;
beforeEach(() => {
  diag = captureDiagnostics();
});

describe('span creation (SPEC 4.1, 1.4, 1.7)', () => {
  test('a root span: new ids, sampled + random flags, its own local root, seen by processors', () => {
    const { tracer, processor } = makeTracer();
    const span = tracer.startSpan('root', { kind: SpanKind.SERVER, attributes: { a: 1 } });
    const context = span.spanContext();
    expect(isValidTraceId(context.traceId)).toBe(true);
    expect(isValidSpanId(context.spanId)).toBe(true);
    expect(context.traceFlags).toBe(0x03);
    expect(context.isRemote).toBe(false);
    expect(span.isRecording()).toBe(true);
    expect(processor.started).toHaveLength(1);
    const readable = processor.started[0]!;
    expect(readable.spanContext()).toBe(context);
    expect(readable).toBe(span as unknown as ReadableSpan); // one object, both faces
    expect(readable.parentSpanId).toBeUndefined();
    expect(readable.parentIsRemote).toBeUndefined();
    expect(readable.localRootSpanId).toBe(context.spanId);
    expect(readable.kind).toBe(SpanKind.SERVER);
    expect(readable.attributes).toEqual({ a: 1 });
    expect(readable.resource.attributes['service.name']).toBe('tracer-test');
  });

  test('a local child: same trace, parent id, the root as local root', () => {
    const { tracer } = makeTracer();
    const root = tracer.startSpan('root');
    const child = tracer.startSpan('child', {}, withSpan(undefined, root));
    const grandchild = fieldsOf(tracer.startSpan('grandchild', {}, withSpan(undefined, child)));
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(grandchild.parentSpanId).toBe(child.spanContext().spanId);
    expect(grandchild.parentIsRemote).toBe(false);
    expect(grandchild.localRootSpanId).toBe(root.spanContext().spanId);
    expect(child.ids().localRootSpanId).toBe(root.spanContext().spanId);
  });

  test('a remote parent: trace id kept, the new span is the local root, random bit copied exactly', () => {
    const { tracer } = makeTracer();
    for (const parentFlags of [0x01, 0x03]) {
      const parentContext = remoteParent(parentFlags);
      const parent = parentContext.span!.spanContext();
      const span = tracer.startSpan('server', {}, parentContext);
      const readable = fieldsOf(span);
      expect(span.spanContext().traceId).toBe(parent.traceId);
      expect(span.spanContext().spanId).not.toBe(parent.spanId);
      expect(span.spanContext().traceFlags).toBe(parentFlags); // sampled by parentBased, random bit as received
      expect(readable.parentSpanId).toBe(parent.spanId);
      expect(readable.parentIsRemote).toBe(true);
      expect(span.ids().localRootSpanId).toBe(span.spanContext().spanId);
    }
  });

  test('sampled bit follows the decision: DROP gives a non-recording span that still has new ids', () => {
    const { tracer, processor } = makeTracer();
    const parentContext = remoteParent(0x02); // not sampled, random
    const span = tracer.startSpan('dropped', {}, parentContext);
    expect(span).toBeInstanceOf(NonRecordingSpan);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe(parentContext.span!.spanContext().traceId);
    expect(span.spanContext().spanId).not.toBe(parentContext.span!.spanContext().spanId);
    expect(span.spanContext().traceFlags).toBe(0x02);
    expect(processor.started).toHaveLength(0);
  });

  test('RECORD_ONLY records without the sampled bit; processors get the span', () => {
    const { tracer, processor } = makeTracer({ sampler: new FixedSampler({ decision: SamplingDecision.RECORD_ONLY }) });
    const span = tracer.startSpan('record-only');
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceFlags).toBe(0x02);
    span.end();
    expect(processor.ended).toHaveLength(1);
  });

  test('the sampler sees the parent, the trace id to be used, name, kind, attributes, links and context', () => {
    const sampler = new FixedSampler({ decision: SamplingDecision.RECORD_AND_SAMPLE, attributes: { 'sampler.rule': 'x' } });
    const { tracer } = makeTracer({ sampler });
    const parentContext = remoteParent(0x01);
    const links = [{ context: remoteParent(1).span!.spanContext() }];
    const span = tracer.startSpan('op', { kind: SpanKind.CLIENT, attributes: { a: 1 }, links }, parentContext);
    const params = sampler.calls[0]!;
    expect(params.parent).toBe(parentContext.span!.spanContext());
    expect(params.traceId).toBe(span.spanContext().traceId);
    expect(params).toMatchObject({ name: 'op', kind: SpanKind.CLIENT, attributes: { a: 1 }, links, context: parentContext });
    expect(fieldsOf(span).attributes).toEqual({ a: 1, 'sampler.rule': 'x' });
    expect(fieldsOf(span).links).toHaveLength(1);
  });

  test("tracestate: the sampler's replaces, otherwise the parent's is kept", () => {
    const parentState = traceState('vendor=parent');
    const samplerState = traceState('vendor=sampler');
    const keeping = makeTracer().tracer.startSpan('a', {}, remoteParent(0x01, parentState));
    expect(keeping.spanContext().traceState).toBe(parentState);
    const replacing = makeTracer({ sampler: new FixedSampler({ decision: SamplingDecision.RECORD_AND_SAMPLE, traceState: samplerState }) })
      .tracer.startSpan('b', {}, remoteParent(0x01, parentState));
    expect(replacing.spanContext().traceState).toBe(samplerState);
  });

  test('root: true starts a new trace even inside one; the active context is the default parent', () => {
    const { tracer } = makeTracer();
    const parentContext = remoteParent(0x01);
    run(parentContext, () => {
      expect(tracer.startSpan('child').spanContext().traceId).toBe(parentContext.span!.spanContext().traceId);
      const root = tracer.startSpan('root', { root: true });
      expect(root.spanContext().traceId).not.toBe(parentContext.span!.spanContext().traceId);
      expect(root.spanContext().traceFlags).toBe(0x03);
    });
  });

  test('propagate-only: disabled, or no processors → non-recording spans with fresh ids and the decision', () => {
    for (const overrides of [{ disabled: true }, { processors: [] }]) {
      const { tracer, processor } = makeTracer(overrides);
      const span = tracer.startSpan('x');
      expect(span.isRecording()).toBe(false);
      expect(isValidSpanId(span.spanContext().spanId)).toBe(true);
      expect(span.spanContext().traceFlags).toBe(0x03);
      expect(span.ids().spanId).toBe(span.spanContext().spanId);
      expect(processor.started).toHaveLength(0);
    }
  });

  test('in a suppressed context nothing new is created: the parent context is wrapped', () => {
    const { tracer, processor } = makeTracer();
    const parentContext = remoteParent(0x01);
    const span = tracer.startSpan('export', {}, suppressTracing(parentContext));
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext()).toBe(parentContext.span!.spanContext());
    expect(tracer.startSpan('export', {}, suppressTracing(undefined)).isRecording()).toBe(false);
    expect(processor.started).toHaveLength(0);
  });
});

describe('nothing throws into the caller (SPEC 0.1, 0.3)', () => {
  test('a throwing sampler means DROP, warned once', () => {
    resetWarning('tracer.sampler-threw');
    const sampler: Sampler = { shouldSample: () => { throw new Error('sampler bug'); }, toString: () => 'Broken' };
    const { tracer, processor } = makeTracer({ sampler });
    const first = tracer.startSpan('a');
    tracer.startSpan('b');
    expect(first.isRecording()).toBe(false);
    expect(isValidSpanId(first.spanContext().spanId)).toBe(true);
    expect(first.spanContext().traceFlags & 0x01).toBe(0);
    expect(processor.started).toHaveLength(0);
    expect(diag.warnings.filter((message) => message.includes('sampler bug'))).toHaveLength(1);
  });

  test('throwing processors are reported; the span still starts and ends', () => {
    const broken: SpanProcessor = {
      onStart: () => { throw new Error('start bug'); },
      onEnd: () => { throw new Error('end bug'); },
      forceFlush: () => { throw new Error('flush bug'); },
      shutdown: () => Promise.reject(new Error('shutdown bug')),
    };
    const healthy = new MemoryProcessor();
    const { tracer } = makeTracer({ processors: [broken, healthy] });
    const span = tracer.startSpan('x');
    span.end();
    expect(healthy.ended).toHaveLength(1);
    expect(diag.reported.map((entry) => entry.where)).toEqual(['SpanProcessor.onStart', 'SpanProcessor.onEnd']);
  });

  test('bad input falls back to defaults', () => {
    const { tracer, processor } = makeTracer();
    const spans = [
      tracer.startSpan(undefined as never),
      tracer.startSpan(42 as never, 'garbage' as never),
      tracer.startSpan('k', { kind: 99 as never, attributes: 'x' as never, links: 'y' as never, startTime: 'z' as never }),
      tracer.startSpan('ctx', {}, { span: { spanContext: () => ({ traceId: 'bad' }) } as never }),
    ];
    const readable = processor.started;
    expect(readable.map((span) => span.name)).toEqual(['unnamed', '42', 'k', 'ctx']);
    expect(readable[2]!.kind).toBe(SpanKind.INTERNAL);
    expect(readable[3]!.parentSpanId).toBeUndefined();
    expect(spans.every((span) => span.isRecording())).toBe(true);
    expect((tracer.startActiveSpan as (name: string) => unknown)('no fn')).toBeUndefined();
  });
});

describe('startActiveSpan', () => {
  test('sync: the span is active inside, ended after, the value returned', () => {
    const { tracer, processor } = makeTracer();
    let inside: Span | undefined;
    const value = tracer.startActiveSpan('sync', (span) => {
      inside = activeSpan();
      expect(inside).toBe(span);
      return 7;
    });
    expect(value).toBe(7);
    expect(active()).toBeUndefined();
    expect(processor.ended.map((span) => span.name)).toEqual(['sync']);
  });

  test('sync throw: the same error is rethrown; the span is ERROR with an exception event and ended', () => {
    const { tracer, processor } = makeTracer();
    const error = new RangeError('out of range');
    let caught: unknown;
    try {
      tracer.startActiveSpan('throws', () => { throw error; });
    } catch (thrown) {
      caught = thrown;
    }
    expect(caught).toBe(error);
    const span = processor.ended[0]!;
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'out of range' });
    expect(span.events[0]!.name).toBe('exception');
    expect(span.events[0]!.attributes['exception.type']).toBe('RangeError');
  });

  test('async resolve: ended only when the promise settles', async () => {
    const { tracer, processor } = makeTracer();
    const result = tracer.startActiveSpan('async', async () => {
      await sleep(5);
      return 'done';
    });
    expect(processor.ended).toHaveLength(0);
    await expect(result).resolves.toBe('done');
    expect(processor.ended).toHaveLength(1);
    expect(processor.ended[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('async reject: the identical error reaches the caller; span ERROR and ended', async () => {
    const { tracer, processor } = makeTracer();
    const error = new Error('async failure');
    const result = tracer.startActiveSpan('rejects', async () => {
      await sleep(1);
      throw error;
    });
    await expect(result).rejects.toBe(error);
    expect(processor.ended[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'async failure' });
    expect(processor.ended[0]!.events[0]!.attributes['exception.message']).toBe('async failure');
  });

  test('a thrown string marks ERROR with String(value)', () => {
    const { tracer, processor } = makeTracer();
    expect(() => tracer.startActiveSpan('s', () => { throw 'plain'; })).toThrow('plain');
    expect(processor.ended[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain' });
    expect(processor.ended[0]!.events[0]!.attributes).toEqual({ 'exception.message': 'plain' });
  });

  test('the three overloads; nested children get the right parents', () => {
    const { tracer } = makeTracer();
    const explicitParent = remoteParent(0x01);
    tracer.startActiveSpan('outer', (outer) => {
      tracer.startActiveSpan('middle', { kind: SpanKind.CLIENT }, (middle) => {
        const readable = fieldsOf(middle);
        expect(readable.kind).toBe(SpanKind.CLIENT);
        expect(readable.parentSpanId).toBe(outer.spanContext().spanId);
        const inner = fieldsOf(tracer.startSpan('inner'));
        expect(inner.parentSpanId).toBe(middle.spanContext().spanId);
        expect(inner.localRootSpanId).toBe(outer.spanContext().spanId);
      });
      tracer.startActiveSpan('detached', {}, explicitParent, (detached) => {
        expect(detached.spanContext().traceId).toBe(explicitParent.span!.spanContext().traceId);
        expect(activeSpan()).toBe(detached);
      });
      expect(activeSpan()).toBe(outer);
    });
  });

  test('the context survives await, setTimeout and setImmediate', async () => {
    const { tracer } = makeTracer();
    await tracer.startActiveSpan('async-context', async (span) => {
      const parentIdOfChild = () => fieldsOf(tracer.startSpan('child')).parentSpanId;
      await sleep(1);
      expect(activeSpan()).toBe(span);
      await new Promise<void>((resolve) => setTimeout(() => {
        expect(activeSpan()).toBe(span);
        expect(parentIdOfChild()).toBe(span.spanContext().spanId);
        resolve();
      }, 2));
      await new Promise<void>((resolve) => setImmediate(() => {
        expect(parentIdOfChild()).toBe(span.spanContext().spanId);
        resolve();
      }));
      expect(parentIdOfChild()).toBe(span.spanContext().spanId);
    });
    expect(active()).toBeUndefined();
  });

  test('200 interleaved concurrent scopes never see each other', async () => {
    const { tracer } = makeTracer();
    const mismatches: string[] = [];
    const randomPause = () => (Math.random() < 0.5 ? sleep(Math.floor(Math.random() * 4)) : immediate());
    await Promise.all(Array.from({ length: 200 }, (_, i) => tracer.startActiveSpan(`root-${i}`, { root: true }, async (root) => {
      for (let step = 0; step < 3; step++) {
        await randomPause();
        const child = tracer.startSpan(`child-${i}-${step}`);
        if (fieldsOf(child).parentSpanId !== root.spanContext().spanId || activeSpan() !== root) mismatches.push(`${i}/${step}`);
        if (child.spanContext().traceId !== root.spanContext().traceId) mismatches.push(`trace ${i}/${step}`);
      }
    })));
    expect(mismatches).toEqual([]);
  });
});

describe('flush, shutdown and stats', () => {
  test('shutdown is idempotent; spans started after it do not record', async () => {
    const { tracer, processor } = makeTracer();
    const first = tracer.shutdown();
    expect(tracer.shutdown()).toBe(first);
    await expect(first).resolves.toEqual({ ok: true, timedOut: false });
    expect(processor.shutdownCalls).toBe(1);
    const late = tracer.startSpan('late');
    expect(late.isRecording()).toBe(false);
    expect(isValidSpanId(late.spanContext().spanId)).toBe(true);
    expect(processor.started).toHaveLength(0);
  });

  test('forceFlush calls every processor and never rejects', async () => {
    const failing = Object.assign(new MemoryProcessor(), { forceFlush: () => Promise.reject(new Error('flush failed')) });
    const healthy = new MemoryProcessor();
    const { tracer } = makeTracer({ processors: [failing, healthy] });
    const result = await tracer.forceFlush();
    expect(healthy.flushCalls).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe('flush failed');
    expect(await makeTracer({ processors: [] }).tracer.forceFlush()).toEqual({ ok: true, timedOut: false });
  });

  test('a processor that never settles still lets shutdown resolve at the timeout', async () => {
    const hanging = Object.assign(new MemoryProcessor(), { shutdown: () => new Promise<FlushResult>(() => undefined) });
    const { tracer } = makeTracer({ processors: [hanging] });
    await expect(tracer.shutdown(20)).resolves.toEqual({ ok: false, timedOut: true });
  });

  test('stats sums the processors that have them', () => {
    const withStats = (stats: ExportStats): SpanProcessor => Object.assign(new MemoryProcessor(), { stats: () => stats });
    const { tracer } = makeTracer({
      processors: [withStats({ exported: 3, dropped: 1, failed: 0 }), new MemoryProcessor(), withStats({ exported: 2, dropped: 0, failed: 4 })],
    });
    expect(tracer.stats()).toEqual({ exported: 5, dropped: 1, failed: 4 });
    expect(makeTracer().tracer.stats()).toEqual({ exported: 0, dropped: 0, failed: 0 });
  });

  test('exposes its resource and sampler', () => {
    const sampler = alwaysOff();
    const { tracer } = makeTracer({ sampler });
    expect(tracer.sampler).toBe(sampler);
    expect(tracer.resource.attributes['service.name']).toBe('tracer-test');
  });
});
