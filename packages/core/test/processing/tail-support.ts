/**
 * For the tail-sampling tests: a private tracer whose spans go through a TailSamplingProcessor into
 * a BatchSpanProcessor and core's in-memory exporter, and local traces built with explicit times,
 * so "slow" needs no waiting.
 */
import { withSpan } from '../../src/context/store';
import { createTracer } from '../../src/create-tracer';
import { InMemorySpanExporter } from '../../src/export/in-memory-exporter';
import { BatchSpanProcessor } from '../../src/processing/batch-span-processor';
import { TailSamplingProcessor } from '../../src/processing/tail-sampling-processor';
import {
  SpanStatusCode,
  type Attributes,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
  type TailSamplingProcessorOptions,
  type Tracer,
} from '../../src/types';

export interface TailHarness {
  readonly tracer: Tracer;
  readonly tail: TailSamplingProcessor;
  readonly exporter: InMemorySpanExporter;
  /** Flushes (tail → batch → exporter) and returns everything exported so far. */
  exported(): Promise<readonly ReadableSpan[]>;
}

export function tailHarness(
  options: Omit<TailSamplingProcessorOptions, 'next'> = {},
  extra: { sampler?: Sampler; next?: SpanProcessor[] } = {},
): TailHarness {
  const exporter = new InMemorySpanExporter({ maxSpans: 1_000_000 });
  const batch = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1, maxQueueSize: 500_000, maxExportBatchSize: 4096 });
  const tail = new TailSamplingProcessor({ ...options, next: [batch, ...(extra.next ?? [])] });
  const tracer = createTracer({ register: false, env: {}, sampler: extra.sampler, spanProcessors: [tail] });
  return {
    tracer,
    tail,
    exporter,
    async exported() {
      await tracer.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

export interface TraceShape {
  /** the local root's duration in ms (default 5) */
  durationMillis?: number;
  /** which span gets status ERROR */
  error?: 'root' | 'child';
  /** attributes of the first child */
  childAttributes?: Attributes;
  rootAttributes?: Attributes;
}

/** A local trace of a root and two children, all ended (children first); returns its trace id. */
export function localTrace(tracer: Tracer, shape: TraceShape = {}): string {
  const start = Date.now();
  const root = tracer.startSpan('root', { startTime: start, attributes: shape.rootAttributes });
  const context = withSpan(undefined, root);
  const first = tracer.startSpan('child-1', { startTime: start + 1, attributes: shape.childAttributes }, context);
  if (shape.error === 'child') first.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  first.end(start + 2);
  tracer.startSpan('child-2', { startTime: start + 2 }, context).end(start + 3);
  if (shape.error === 'root') root.setStatus({ code: SpanStatusCode.ERROR });
  root.end(start + (shape.durationMillis ?? 5));
  return root.spanContext().traceId;
}

/** Exported spans grouped by trace id. */
export function byTrace(spans: readonly ReadableSpan[]): Map<string, ReadableSpan[]> {
  const traces = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const id = span.spanContext().traceId;
    const list = traces.get(id);
    if (list === undefined) traces.set(id, [span]);
    else list.push(span);
  }
  return traces;
}
