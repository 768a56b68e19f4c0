/** A private tracer whose spans land in memory, and a bounded wait for them. */
import { ExportResultCode, createTracer, type ExportResult, type ReadableSpan, type SpanExporter, type Tracer } from '@tracewire/core';

export class MemoryExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    this.spans.push(...spans);
    return Promise.resolve({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TestTracing {
  readonly tracer: Tracer;
  readonly exporter: MemoryExporter;
  /** Flushes until `count` spans were exported: a span ends on the response's 'close', which can come after the client has read the response. */
  spans(count: number): Promise<ReadableSpan[]>;
}

export function testTracing(): TestTracing {
  const exporter = new MemoryExporter();
  const tracer = createTracer({ exporter, register: false, env: {}, batch: { scheduledDelayMillis: 1 } });
  return {
    tracer,
    exporter,
    async spans(count) {
      for (let attempt = 0; attempt < 200; attempt++) {
        await tracer.forceFlush();
        if (exporter.spans.length >= count) return exporter.spans.slice();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`expected ${count} exported spans, got ${exporter.spans.length}`);
    },
  };
}

/** The one span of the request whose `url.path` is `path`. */
export function spanFor(spans: readonly ReadableSpan[], path: string): ReadableSpan {
  const found = spans.filter((span) => span.attributes['url.path'] === path);
  if (found.length !== 1) throw new Error(`expected one span for ${path}, found ${found.length}`);
  return found[0]!;
}
