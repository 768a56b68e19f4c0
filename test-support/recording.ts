/**
 * A private tracer whose spans land in core's `InMemorySpanExporter`, and bounded waits for them.
 * A server span ends on the response's 'close', which can come after the client has read the
 * response, so tests wait for spans rather than read them at once.
 */
import { InMemorySpanExporter, createTracer, type ReadableSpan, type SpanProcessor, type Tracer } from '@tracewire/core';
import { sleep } from './timing';

/** How often `spans()` / `span()` flush and look (5 ms apart) before giving up. */
const ATTEMPTS = 200;

export interface Recording {
  readonly tracer: Tracer;
  readonly exporter: InMemorySpanExporter;
  /** The spans exported so far (a copy), oldest first. */
  finished(): ReadableSpan[];
  /** Flushes until at least `count` spans arrived and returns them all; throws if they do not arrive in time. */
  spans(count: number): Promise<ReadableSpan[]>;
  /** Flushes until the span of the request to `path` arrived and returns it; throws unless exactly one did. */
  span(path: string): Promise<ReadableSpan>;
  /** Waits as long as a span could take to arrive, then returns what did (for "no span" checks). */
  settle(): Promise<ReadableSpan[]>;
}

export interface RecordingOptions {
  /** The batch processor's delay; default 1 ms. */
  scheduledDelayMillis?: number;
  spanProcessors?: SpanProcessor[];
  /** A tracer of the test's own, with the exporter it writes to: only the waits are added. */
  tracer?: Tracer;
  exporter?: InMemorySpanExporter;
}

/** A tracer exporting to `exporter`: not registered globally, no environment, batched with a short delay. */
export function memoryTracer(exporter: InMemorySpanExporter, scheduledDelayMillis = 1, spanProcessors?: SpanProcessor[]): Tracer {
  return createTracer({ exporter, register: false, env: {}, batch: { scheduledDelayMillis }, spanProcessors });
}

export function recording(options: RecordingOptions = {}): Recording {
  const exporter = options.exporter ?? new InMemorySpanExporter();
  const tracer = options.tracer ?? memoryTracer(exporter, options.scheduledDelayMillis, options.spanProcessors);
  const finished = (): ReadableSpan[] => exporter.getFinishedSpans().slice();
  const until = async (done: () => boolean): Promise<void> => {
    for (let attempt = 0; attempt < ATTEMPTS && !done(); attempt++) {
      await tracer.forceFlush();
      if (!done()) await sleep(5);
    }
  };
  return {
    tracer,
    exporter,
    finished,
    async spans(count) {
      await until(() => exporter.getFinishedSpans().length >= count);
      const spans = finished();
      if (spans.length < count) throw new Error(`expected ${count} exported spans, got ${spans.length}`);
      return spans;
    },
    async span(path) {
      await until(() => exporter.getFinishedSpans().some((span) => span.attributes['url.path'] === path));
      return spanFor(finished(), path);
    },
    async settle() {
      for (let attempt = 0; attempt < 5; attempt++) {
        await sleep(10);
        await tracer.forceFlush();
      }
      return finished();
    },
  };
}

/** The one span of the request whose `url.path` is `path` (throws unless exactly one). */
export function spanFor(spans: readonly ReadableSpan[], path: string): ReadableSpan {
  const found = spans.filter((span) => span.attributes['url.path'] === path);
  if (found.length !== 1) throw new Error(`expected one span for ${path}, found ${found.length}`);
  return found[0]!;
}
