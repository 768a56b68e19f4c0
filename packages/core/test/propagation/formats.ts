/**
 * Shared by the header-format tests: ids written out by hand, a tracer that keeps the spans it
 * starts, and `observe`, which reads an extracted context the way the rest of a service would —
 * by starting the SERVER span in it and writing that span onward as B3 — so a test sees what a
 * context does (parent kept, who decided sampling, debug passed on), not how it is stored.
 */
import { ROOT_CONTEXT, withSpan } from '../../src/context/store';
import { createTracer } from '../../src/create-tracer';
import { B3Propagator } from '../../src/propagation/b3';
import { defaultGetter, defaultSetter } from '../../src/propagation/carriers';
import { alwaysOn } from '../../src/sampling/always-on';
import { parentBased } from '../../src/sampling/parent-based';
import {
  SpanKind,
  type ReadableSpan,
  type Sampler,
  type SamplingParameters,
  type Span,
  type SpanProcessor,
  type TextMapPropagator,
  type TraceContext,
  type Tracer,
} from '../../src/types';

export const T32 = '463ac35c9f6413ad48485a3953bb6124';
export const T16 = 'a3ce929d0e0e4736';
/** T16 as a 128-bit id: sixteen zeros in front (§11.2, §1.7). */
export const T16_PADDED = `0000000000000000${T16}`;
export const S = 'a2fb4a1d1a96d312';
export const P = '0020000000000001';

export interface StartedSpans {
  readonly tracer: Tracer;
  readonly started: ReadableSpan[];
  /** What the sampler was asked, in order. */
  readonly asked: SamplingParameters[];
  /** Starts a SERVER span in `context` and returns it with its recorded face. */
  start(context: TraceContext, options?: { root?: boolean }): { span: Span; readable: ReadableSpan };
}

/** A private tracer (default sampler: parent-based, root always on) that keeps every span it starts. */
export function startedSpans(sampler: Sampler = parentBased({ root: alwaysOn() })): StartedSpans {
  const started: ReadableSpan[] = [];
  const asked: SamplingParameters[] = [];
  const processor: SpanProcessor = {
    onStart: (span) => void started.push(span),
    onEnd: () => undefined,
    forceFlush: () => Promise.resolve({ ok: true, timedOut: false }),
    shutdown: () => Promise.resolve({ ok: true, timedOut: false }),
  };
  const recordingSampler: Sampler = {
    shouldSample(params) {
      asked.push(params);
      return sampler.shouldSample(params);
    },
    toString: () => String(sampler),
  };
  const tracer = createTracer({ register: false, env: {}, sampler: recordingSampler, spanProcessors: [processor] });
  return {
    tracer,
    started,
    asked,
    start(context, options) {
      const before = started.length;
      const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, root: options?.root }, context);
      // an unsampled span (DROP) is not handed to processors: give it a face from its context
      const readable = started.length > before ? started[started.length - 1]! : ({ spanContext: () => span.spanContext() } as ReadableSpan);
      return { span, readable };
    },
  };
}

export function extractWith(propagator: TextMapPropagator, carrier: unknown, base: TraceContext = ROOT_CONTEXT): TraceContext {
  return propagator.extract(base, carrier, defaultGetter) ?? base;
}

export function injectWith(propagator: TextMapPropagator, context: TraceContext): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, defaultSetter);
  return carrier;
}

export type Sampling = 'accept' | 'deny' | 'debug' | 'defer';

export interface Observed {
  readonly traceId: string;
  /** the remote parent's span id (what the next span's parent will be) */
  readonly parentId: string;
  readonly flags: number;
  readonly isRemote: boolean | undefined;
  /** how the context's sampling behaves: `defer` = the local root sampler decided */
  readonly sampling: Sampling;
}

const B3_SINGLE = new B3Propagator();

/**
 * What an extracted context does, or `'nothing'` when it holds no span. Its sampling is read
 * from a SERVER span started in it by a tracer whose root sampler always samples but whose
 * parent-based rule follows the parent: an unsampled parent gives an unsampled child unless the
 * decision was deferred (then the root sampler's "yes" shows), and debug shows as B3 `d` onward.
 */
export function observe(context: TraceContext): Observed | 'nothing' {
  const remote = context.span?.spanContext();
  if (remote === undefined) return 'nothing';
  const { span } = startedSpans().start(context);
  const state = injectWith(B3_SINGLE, withSpan(context, span)).b3!.split('-')[2];
  const parentSampled = (remote.traceFlags & 1) === 1;
  const childSampled = (span.spanContext().traceFlags & 1) === 1;
  const sampling: Sampling = state === 'd' ? 'debug' : !parentSampled && childSampled ? 'defer' : parentSampled ? 'accept' : 'deny';
  return { traceId: remote.traceId, parentId: remote.spanId, flags: remote.traceFlags, isRemote: remote.isRemote, sampling };
}

/** The expected `observe` result for a remote parent: flags = sampled bit only, never the random bit. */
export function remoteParent(traceId: string, parentId: string, sampling: Sampling): Observed {
  const flags = sampling === 'accept' || sampling === 'debug' ? 1 : 0;
  return { traceId, parentId, flags, isRemote: true, sampling };
}
