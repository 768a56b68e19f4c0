/**
 * Keeps exported spans in memory: for tests (assert what a request produced) and for tools that
 * read spans in-process. Bounded, so a forgotten one cannot grow without limit.
 */
import { ExportResultCode, type ExportResult, type ReadableSpan, type SpanExporter } from '../types';

export interface InMemorySpanExporterOptions {
  /** Oldest spans are dropped beyond this many. Default 100,000. */
  maxSpans?: number;
}

export class InMemorySpanExporter implements SpanExporter {
  private finished: ReadableSpan[] = [];
  private stopped = false;
  private readonly maxSpans: number;

  constructor(options: InMemorySpanExporterOptions = {}) {
    this.maxSpans = options.maxSpans !== undefined && options.maxSpans > 0 ? Math.floor(options.maxSpans) : 100_000;
  }

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    if (this.stopped) return Promise.resolve({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
    this.finished.push(...spans);
    if (this.finished.length > this.maxSpans) this.finished.splice(0, this.finished.length - this.maxSpans);
    return Promise.resolve({ code: ExportResultCode.SUCCESS });
  }

  /** The spans exported so far, oldest first. */
  getFinishedSpans(): readonly ReadableSpan[] {
    return this.finished;
  }

  reset(): void {
    this.finished = [];
  }

  shutdown(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}
