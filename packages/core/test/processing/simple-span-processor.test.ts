import { activeSpan, isTracingSuppressed, run } from '../../src/context/store';
import { setDiagLogger } from '../../src/diag';
import { SimpleSpanProcessor } from '../../src/processing/simple-span-processor';
import { ExportResultCode, type ExportResult, type ReadableSpan, type Span, type SpanExporter } from '../../src/types';
import { makeReadableSpan, makeSpans } from '../helpers/make-readable-span';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Answers each export after `delayMs`: rejecting the names in `failing`, never answering when `hang`. */
class RecordingExporter implements SpanExporter {
  readonly exported: string[] = [];
  readonly contexts: boolean[] = [];
  inFlight = 0;
  maxInFlight = 0;
  shutdownCalls = 0;

  constructor(private readonly options: { delayMs?: number; failing?: string[]; hang?: boolean } = {}) {}

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    this.contexts.push(isTracingSuppressed() && activeSpan() === undefined);
    this.exported.push(...spans.map((span) => span.name));
    if (this.options.hang) return new Promise<ExportResult>(() => undefined);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const fails = spans.some((span) => this.options.failing?.includes(span.name));
    return sleep(this.options.delayMs ?? 0).then(() => {
      this.inFlight--;
      if (fails) throw new Error(`cannot export ${spans[0].name}`);
      return { code: ExportResultCode.SUCCESS };
    });
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls++;
  }
}

const errors: string[] = [];
const warnings: string[] = [];
beforeAll(() => setDiagLogger({ warn: (message) => warnings.push(message), error: (message) => errors.push(message) }));
beforeEach(() => (warnings.length = 0));
afterAll(() => setDiagLogger(null));

describe('SimpleSpanProcessor', () => {
  it('exports each sampled span, one export at a time and in order', async () => {
    const exporter = new RecordingExporter({ delayMs: 3 });
    const processor = new SimpleSpanProcessor(exporter);
    for (const span of makeSpans(5)) processor.onEnd(span);
    processor.onEnd(makeReadableSpan({ name: 'unsampled', traceFlags: 0 }));
    expect(await processor.forceFlush()).toEqual({ ok: true, timedOut: false });
    expect(exporter.exported).toEqual(['span-0', 'span-1', 'span-2', 'span-3', 'span-4']);
    expect(exporter.maxInFlight).toBe(1);
    expect(processor.stats()).toEqual({ exported: 5, dropped: 0, failed: 0 });
  });

  it('counts a failed export, reports it, and keeps exporting', async () => {
    errors.length = 0;
    const exporter = new RecordingExporter({ failing: ['span-1'] });
    const processor = new SimpleSpanProcessor(exporter);
    for (const span of makeSpans(3)) processor.onEnd(span);
    const result = await processor.forceFlush();
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe('cannot export span-1');
    expect(processor.stats()).toEqual({ exported: 2, dropped: 0, failed: 1 });
    expect(errors).toEqual(['error in SimpleSpanProcessor export']);
  });

  it('reports a run of failed exports once, and again only after an export succeeded', async () => {
    errors.length = 0;
    const exporter = new RecordingExporter({ failing: ['span-0', 'span-1', 'span-2', 'span-4', 'span-5'] });
    const processor = new SimpleSpanProcessor(exporter);
    for (const span of makeSpans(6)) processor.onEnd(span);
    await processor.forceFlush();
    expect(exporter.exported).toEqual(['span-0', 'span-1', 'span-2', 'span-3', 'span-4', 'span-5']);
    expect(processor.stats()).toEqual({ exported: 1, dropped: 0, failed: 5 });
    expect(errors).toEqual(['error in SimpleSpanProcessor export', 'error in SimpleSpanProcessor export']);
    expect(warnings).toEqual(['SimpleSpanProcessor export: exporting again after 3 failed export(s) (3 span(s) lost)']);
  });

  it('exports with tracing suppressed and no request context', async () => {
    const exporter = new RecordingExporter();
    const processor = new SimpleSpanProcessor(exporter);
    run({ span: {} as Span }, () => processor.onEnd(makeReadableSpan()));
    await processor.forceFlush();
    expect(exporter.contexts).toEqual([true]);
  });

  it('forceFlush honours its timeout when the exporter hangs', async () => {
    const processor = new SimpleSpanProcessor(new RecordingExporter({ hang: true }));
    processor.onEnd(makeReadableSpan());
    const started = Date.now();
    const result = await processor.forceFlush(30);
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(30 + 200);
  });

  it('shutdown is idempotent, shuts the exporter down once and ignores later spans', async () => {
    const exporter = new RecordingExporter({ delayMs: 2 });
    const processor = new SimpleSpanProcessor(exporter);
    processor.onEnd(makeReadableSpan({ name: 'before' }));
    const first = processor.shutdown();
    expect(processor.shutdown()).toBe(first);
    processor.onEnd(makeReadableSpan({ name: 'after' }));
    expect(await first).toEqual({ ok: true, timedOut: false });
    expect(await processor.forceFlush()).toEqual({ ok: true, timedOut: false });
    expect(exporter.exported).toEqual(['before']);
    expect(exporter.shutdownCalls).toBe(1);
  });
});
