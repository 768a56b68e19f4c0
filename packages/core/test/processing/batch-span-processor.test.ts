import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { activeSpan, isTracingSuppressed, run } from '../../src/context/store';
import { setDiagLogger, setErrorHandler } from '../../src/diag';
import { TracewireError } from '../../src/errors';
import { BatchSpanProcessor } from '../../src/processing/batch-span-processor';
import {
  ExportResultCode,
  type ExportResult,
  type ReadableSpan,
  type Span,
  type SpanExporter,
} from '../../src/types';
import { makeReadableSpan, makeSpans } from '../helpers/make-readable-span';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 2 ms for at most `limitMs`. */
async function until(condition: () => boolean, limitMs = 2000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(2);
  }
}

type Behaviour = 'succeed' | 'reject' | 'throw' | 'fail-result' | 'hang';

/**
 * A real exporter whose n-th call behaves as `plan[n]` (the last entry repeats): records batches,
 * the context each call ran in, and how many calls were ever in flight at once.
 */
class TestExporter implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  readonly seen: Array<{ suppressed: boolean; span: Span | undefined }> = [];
  inFlight = 0;
  maxInFlight = 0;
  forceFlushCalls = 0;
  shutdownCalls = 0;
  hookContexts: boolean[] = [];

  constructor(
    private readonly plan: Behaviour[] = ['succeed'],
    private readonly delayMs = 0,
  ) {}

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    const behaviour = this.plan[Math.min(this.batches.length, this.plan.length - 1)];
    this.batches.push([...spans]);
    this.seen.push({ suppressed: isTracingSuppressed(), span: activeSpan() });
    if (behaviour === 'throw') throw new Error('export threw');
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (behaviour === 'hang') return new Promise<ExportResult>(() => undefined);
    return new Promise<ExportResult>((resolve, reject) => {
      setTimeout(() => {
        this.inFlight--;
        if (behaviour === 'reject') reject(new Error('export rejected'));
        else resolve({ code: behaviour === 'succeed' ? ExportResultCode.SUCCESS : ExportResultCode.FAILED });
      }, this.delayMs);
    });
  }

  async forceFlush(): Promise<void> {
    this.forceFlushCalls++;
    this.hookContexts.push(isTracingSuppressed() && activeSpan() === undefined);
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls++;
  }

  names(): string[][] {
    return this.batches.map((batch) => batch.map((span) => span.name));
  }
}

let warnings: string[];
let errors: string[];

beforeEach(() => {
  warnings = [];
  errors = [];
  setDiagLogger({ warn: (message) => warnings.push(message), error: (message) => errors.push(message) });
  setErrorHandler(null);
});

afterAll(() => setDiagLogger(null));

function endAll(processor: BatchSpanProcessor, spans: readonly ReadableSpan[]): void {
  for (const span of spans) processor.onEnd(span);
}

describe('BatchSpanProcessor options', () => {
  it.each([
    [{ maxQueueSize: 0 }],
    [{ maxQueueSize: -1 }],
    [{ maxQueueSize: 1.5 }],
    [{ maxExportBatchSize: 0 }],
    [{ maxExportBatchSize: Number.NaN }],
    [{ scheduledDelayMillis: -1 }],
    [{ exportTimeoutMillis: -5 }],
    [{ exportTimeoutMillis: Number.NaN }],
    [{ scheduledDelayMillis: 2 ** 31 }],
  ])('rejects %j at construction', (options) => {
    expect(() => new BatchSpanProcessor(new TestExporter(), options)).toThrow(TracewireError);
    expect(() => new BatchSpanProcessor(new TestExporter(), options)).toThrow(/TW_ERR_INVALID_OPTION/);
  });

  it('clamps a batch size above the queue size, with one warning', async () => {
    const exporter = new TestExporter();
    const processor = new BatchSpanProcessor(exporter, { maxQueueSize: 4, maxExportBatchSize: 10, scheduledDelayMillis: 10_000 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/maxExportBatchSize 10 exceeds maxQueueSize 4/);
    endAll(processor, makeSpans(4));
    await until(() => exporter.batches.length === 1);
    expect(exporter.batches[0]).toHaveLength(4);
  });

  it('defaults to batches of 512 and a queue of 2048', async () => {
    const exporter = new TestExporter(['hang']);
    const processor = new BatchSpanProcessor(exporter);
    endAll(processor, makeSpans(511));
    await sleep(20);
    expect(exporter.batches).toHaveLength(0);
    endAll(processor, makeSpans(2048 - 511 + 7));
    await until(() => exporter.batches.length === 1);
    expect(exporter.batches[0]).toHaveLength(512);
    expect(processor.stats().dropped).toBe(7);
  });
});

describe('BatchSpanProcessor export triggers', () => {
  it('exports when the queue reaches the batch size, before the delay, and never inside onEnd', async () => {
    const exporter = new TestExporter();
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 5, scheduledDelayMillis: 10_000 });
    endAll(processor, makeSpans(5));
    expect(exporter.batches).toHaveLength(0);
    await until(() => exporter.batches.length === 1, 500);
    await until(() => processor.stats().exported === 5);
  });

  it('exports a partial batch once the delay has elapsed', async () => {
    const exporter = new TestExporter();
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 100, scheduledDelayMillis: 30 });
    const started = Date.now();
    endAll(processor, makeSpans(3));
    await sleep(5);
    expect(exporter.batches).toHaveLength(0);
    await until(() => exporter.batches.length === 1, 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(exporter.names()).toEqual([['span-0', 'span-1', 'span-2']]);
  });

  it('never hands unsampled spans to the exporter', async () => {
    const exporter = new TestExporter();
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 2 });
    endAll(processor, makeSpans(4, { traceFlags: 0 }));
    endAll(processor, makeSpans(1, { traceFlags: 0x02 }));
    const result = await processor.forceFlush();
    expect(result).toEqual({ ok: true, timedOut: false });
    expect(exporter.batches).toHaveLength(0);
  });
});

describe('BatchSpanProcessor overflow', () => {
  it('drops the newest spans when the queue is full and exports the first ones', async () => {
    const exporter = new TestExporter(['hang']);
    const processor = new BatchSpanProcessor(exporter, { maxQueueSize: 10, scheduledDelayMillis: 10_000 });
    endAll(processor, makeSpans(15));
    expect(processor.stats().dropped).toBe(5);
    await until(() => exporter.batches.length === 1);
    expect(exporter.names()[0]).toEqual(Array.from({ length: 10 }, (_, i) => `span-${i}`));
    expect(warnings.filter((w) => /queue full/.test(w))).toHaveLength(1);
  });

  it('warns once per overflow episode', async () => {
    const exporter = new TestExporter(['succeed'], 5);
    const processor = new BatchSpanProcessor(exporter, { maxQueueSize: 10, scheduledDelayMillis: 10_000 });
    endAll(processor, makeSpans(15));
    endAll(processor, makeSpans(3));
    expect(warnings.filter((w) => /queue full/.test(w))).toHaveLength(1);
    await processor.forceFlush();
    endAll(processor, makeSpans(15));
    expect(warnings.filter((w) => /queue full/.test(w))).toHaveLength(2);
    await processor.forceFlush();
    expect(processor.stats()).toEqual({ exported: 20, dropped: 13, failed: 0 });
  });
});

describe('BatchSpanProcessor serialisation and failures', () => {
  it('never has two exports in flight, even while forceFlush and shutdown run', async () => {
    const exporter = new TestExporter(['succeed'], 3);
    const processor = new BatchSpanProcessor(exporter, { maxQueueSize: 1000, maxExportBatchSize: 7, scheduledDelayMillis: 1 });
    const flushes: Array<Promise<unknown>> = [];
    for (let round = 0; round < 20; round++) {
      endAll(processor, makeSpans(13));
      if (round % 4 === 0) flushes.push(processor.forceFlush());
      await sleep(1);
    }
    flushes.push(processor.shutdown());
    flushes.push(processor.forceFlush());
    await Promise.all(flushes);
    expect(exporter.maxInFlight).toBe(1);
    expect(processor.stats()).toEqual({ exported: 260, dropped: 0, failed: 0 });
    expect(exporter.batches.every((batch) => batch.length <= 7)).toBe(true);
  });

  it.each<[Behaviour]>([['reject'], ['throw'], ['fail-result']])(
    'counts a batch whose export fails (%s) and still exports the next one',
    async (behaviour) => {
      const exporter = new TestExporter([behaviour, 'succeed']);
      const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 2, scheduledDelayMillis: 10_000 });
      endAll(processor, makeSpans(2));
      const first = await processor.forceFlush();
      expect(first.ok).toBe(false);
      expect(first.timedOut).toBe(false);
      expect(first.error).toBeInstanceOf(Error);
      endAll(processor, makeSpans(2));
      expect(await processor.forceFlush()).toEqual({ ok: true, timedOut: false });
      expect(processor.stats()).toEqual({ exported: 2, dropped: 0, failed: 2 });
      expect(errors).toEqual(['error in BatchSpanProcessor export']);
    },
  );

  it('counts an export that outlives exportTimeoutMillis as failed, moves on and ignores its late result', async () => {
    const exporter = new TestExporter(['succeed', 'succeed'], 0);
    let calls = 0;
    const original = exporter.export.bind(exporter);
    exporter.export = (spans) => {
      calls++;
      // the first call answers SUCCESS only after 80 ms, well past the 20 ms timeout
      return calls === 1 ? sleep(80).then(() => original(spans)) : original(spans);
    };
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 2, exportTimeoutMillis: 20, scheduledDelayMillis: 10_000 });
    endAll(processor, makeSpans(2));
    endAll(processor, makeSpans(2));
    await until(() => processor.stats().exported === 2, 1000);
    expect(processor.stats().failed).toBe(2);
    await sleep(100);
    expect(processor.stats()).toEqual({ exported: 2, dropped: 0, failed: 2 });
    expect(errors[0]).toBe('error in BatchSpanProcessor export');
  });
});

describe('BatchSpanProcessor failure episodes', () => {
  it('reports the first failed export of an episode only, and starts a new episode after a success', async () => {
    // five failing batches (three ways of failing), one success, then two more failures
    const plan: Behaviour[] = ['fail-result', 'reject', 'throw', 'fail-result', 'reject', 'succeed', 'fail-result', 'reject'];
    const exporter = new TestExporter(plan);
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 3, scheduledDelayMillis: 10_000 });
    const results: boolean[] = [];
    for (let batch = 0; batch < plan.length; batch++) {
      endAll(processor, makeSpans(3));
      results.push((await processor.forceFlush()).ok);
    }
    expect(results).toEqual([false, false, false, false, false, true, false, false]);
    expect(exporter.batches).toHaveLength(8);
    // every span is counted, whether its failure was reported or not
    expect(processor.stats()).toEqual({ exported: 3, dropped: 0, failed: 21 });
    expect(errors).toEqual(['error in BatchSpanProcessor export', 'error in BatchSpanProcessor export']);
    expect(warnings).toEqual(['BatchSpanProcessor export: exporting again after 5 failed export(s) (15 span(s) lost)']);
  });

  it('reports through the error handler once per episode, with the first failure\'s error', async () => {
    const reported: Array<{ message: string; where: string }> = [];
    setErrorHandler((error, where) => reported.push({ message: (error as Error).message, where }));
    const exporter = new TestExporter(['reject', 'throw', 'succeed', 'throw']);
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 1, scheduledDelayMillis: 10_000 });
    for (let i = 0; i < 4; i++) {
      processor.onEnd(makeReadableSpan());
      await processor.forceFlush();
    }
    expect(reported).toEqual([
      { message: 'export rejected', where: 'BatchSpanProcessor export' },
      { message: 'export threw', where: 'BatchSpanProcessor export' },
    ]);
  });

  it('an export that times out counts as a failure of the episode', async () => {
    const exporter = new TestExporter(['hang', 'fail-result', 'succeed']);
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 1, exportTimeoutMillis: 20, scheduledDelayMillis: 10_000 });
    for (let i = 0; i < 2; i++) {
      processor.onEnd(makeReadableSpan());
      expect((await processor.forceFlush(5000)).ok).toBe(false);
    }
    expect(errors).toEqual(['error in BatchSpanProcessor export']);
    processor.onEnd(makeReadableSpan());
    expect((await processor.forceFlush(5000)).ok).toBe(true);
    expect(warnings).toEqual(['BatchSpanProcessor export: exporting again after 2 failed export(s) (2 span(s) lost)']);
    expect(processor.stats()).toEqual({ exported: 1, dropped: 0, failed: 2 });
  });
});

describe('BatchSpanProcessor forceFlush and shutdown', () => {
  it('forceFlush exports everything received before it in sequential batches, then flushes the exporter', async () => {
    const exporter = new TestExporter(['succeed'], 2);
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 3, maxQueueSize: 100, scheduledDelayMillis: 10_000 });
    endAll(processor, makeSpans(10));
    const result = await processor.forceFlush();
    expect(result).toEqual({ ok: true, timedOut: false });
    expect(exporter.batches.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    expect(exporter.forceFlushCalls).toBe(1);
    expect(exporter.maxInFlight).toBe(1);
  });

  it.each(['forceFlush', 'shutdown'] as const)('%s resolves timedOut within its timeout when the exporter hangs', async (operation) => {
    const exporter = new TestExporter(['hang']);
    const processor = new BatchSpanProcessor(exporter, { exportTimeoutMillis: 0 });
    endAll(processor, makeSpans(3));
    const started = Date.now();
    const result = await processor[operation](40);
    expect(Date.now() - started).toBeLessThan(40 + 200);
    expect(result).toMatchObject({ ok: false, timedOut: true });
    if (operation === 'shutdown') expect(await processor.shutdown(1)).toBe(result);
  });

  it('shutdown flushes, shuts the exporter down once, is idempotent and ignores later spans', async () => {
    const exporter = new TestExporter(['succeed'], 2);
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 4, scheduledDelayMillis: 10_000 });
    endAll(processor, makeSpans(6));
    const first = processor.shutdown();
    expect(processor.shutdown()).toBe(first);
    endAll(processor, makeSpans(3));
    expect(await first).toEqual({ ok: true, timedOut: false });
    expect(await processor.forceFlush()).toEqual({ ok: true, timedOut: false });
    processor.onStart();
    endAll(processor, makeSpans(3));
    await sleep(10);
    expect(exporter.shutdownCalls).toBe(1);
    expect(processor.stats()).toEqual({ exported: 6, dropped: 0, failed: 0 });
  });
});

describe('BatchSpanProcessor context hygiene', () => {
  it('exports with tracing suppressed and without the request context the span ended in', async () => {
    const exporter = new TestExporter();
    const processor = new BatchSpanProcessor(exporter, { maxExportBatchSize: 2, scheduledDelayMillis: 5 });
    const requestSpan = { name: 'request' } as unknown as Span;
    await run({ span: requestSpan }, async () => {
      expect(activeSpan()).toBe(requestSpan);
      endAll(processor, [...makeSpans(2), makeReadableSpan({ name: 'flushed' })]);
      await processor.forceFlush();
    });
    expect(exporter.seen.length).toBe(2);
    expect(exporter.seen.every((call) => call.suppressed && call.span === undefined)).toBe(true);
    expect(exporter.hookContexts).toEqual([true]);
  });

  it('leaves the process free to exit with a batch timer pending or an export in flight', () => {
    const tsPath = require.resolve('typescript');
    const processorPath = path.resolve(__dirname, '../../src/processing/batch-span-processor.ts');
    const script = `
      const fs = require('node:fs');
      const ts = require(${JSON.stringify(tsPath)});
      require.extensions['.ts'] = (module, file) => module._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'),
        { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
      const { BatchSpanProcessor } = require(${JSON.stringify(processorPath)});
      const span = { spanContext: () => ({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 }) };
      const hanging = { export: () => new Promise(() => {}), shutdown: async () => {} };
      new BatchSpanProcessor(hanging, { scheduledDelayMillis: 60000 }).onEnd(span);
      new BatchSpanProcessor(hanging, { maxExportBatchSize: 1, exportTimeoutMillis: 60000 }).onEnd(span);
      setTimeout(() => console.log('pending work started'), 20);
    `;
    const started = Date.now();
    // Both timers are 60 s: a child still alive after 10 s was kept up by one of them.
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toContain('pending work started');
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);
});
