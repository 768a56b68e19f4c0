import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExporter } from '../src/config/exporters';
import { active, currentIds } from '../src/context/store';
import { createTracer, getTracer, setTracer } from '../src/create-tracer';
import { setDiagLogger } from '../src/diag';
import { getPropagator, inject, setPropagator } from '../src/propagation/api';
import { alwaysOff } from '../src/sampling/always-off';
import { ExportResultCode, type ReadableSpan, type SpanExporter } from '../src/types';

// These tests are about `otlp` as a name nobody registered: core loads @tracewire/otlp by name when
// it is installed (config/exporters.ts), so keep it "not installed" here.
jest.mock('@tracewire/otlp', () => {
  throw Object.assign(new Error("Cannot find module '@tracewire/otlp'"), { code: 'MODULE_NOT_FOUND' });
});

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setDiagLogger({ warn: (m) => warnings.push(m), error: (m, e) => warnings.push(`${m}: ${String(e)}`) });
});
afterAll(() => {
  setDiagLogger(null);
  setTracer(undefined);
});

class MemoryExporter implements SpanExporter {
  spans: ReadableSpan[] = [];
  shutdownCalls = 0;
  async export(spans: readonly ReadableSpan[]) {
    this.spans.push(...spans);
    return { code: ExportResultCode.SUCCESS };
  }
  async shutdown() {
    this.shutdownCalls++;
  }
}

describe('createTracer', () => {
  test('an exporter instance gets spans through a batch processor, flushed on demand', async () => {
    const exporter = new MemoryExporter();
    const tracer = createTracer({ serviceName: 'checkout', exporter, register: false, env: {} });
    tracer.startActiveSpan('parent', (parent) => {
      tracer.startSpan('child').end();
      parent.setAttribute('k', 1);
    });
    expect(exporter.spans).toHaveLength(0); // batched, not exported on the request path
    expect((await tracer.forceFlush()).ok).toBe(true);
    expect(exporter.spans.map((s) => s.name).sort()).toEqual(['child', 'parent']);
    const child = exporter.spans.find((s) => s.name === 'child')!;
    const parent = exporter.spans.find((s) => s.name === 'parent')!;
    expect(child.parentSpanId).toBe(parent.spanContext().spanId);
    expect(parent.resource.attributes['service.name']).toBe('checkout');
    expect(tracer.stats().exported).toBe(2);
    await tracer.shutdown();
    expect(exporter.shutdownCalls).toBe(1);
  });

  test('propagate-only: with no exporter, spans still have ids, logs correlate and headers flow', () => {
    const tracer = createTracer({ register: false, env: {} });
    tracer.startActiveSpan('request', (span) => {
      expect(span.isRecording()).toBe(false);
      const ids = currentIds()!;
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(ids.spanId).toBe(span.spanContext().spanId);
      expect(ids.traceFlags).toBe('03'); // sampled by the default sampler, random trace id
      const headers: Record<string, string> = {};
      inject(active(), headers);
      expect(headers.traceparent).toBe(`00-${ids.traceId}-${ids.spanId}-03`);
    });
  });

  test('OTEL_SDK_DISABLED keeps ids and propagation but records nothing', async () => {
    const exporter = new MemoryExporter();
    const tracer = createTracer({ exporter, register: false, env: { OTEL_SDK_DISABLED: 'true' } });
    tracer.startActiveSpan('x', (span) => {
      expect(span.isRecording()).toBe(false);
      expect(currentIds()).toBeDefined();
    });
    await tracer.forceFlush();
    expect(exporter.spans).toHaveLength(0);
    // code wins over env
    const enabled = createTracer({ exporter, register: false, disabled: false, env: { OTEL_SDK_DISABLED: 'true' } });
    enabled.startSpan('y').end();
    await enabled.forceFlush();
    expect(exporter.spans.map((s) => s.name)).toEqual(['y']);
  });

  test('OTEL_TRACES_SAMPLER from env, and a code sampler wins over it', () => {
    const fromEnv = createTracer({ register: false, env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' } });
    expect(fromEnv.sampler.toString()).toBe('TraceIdRatioBased{0.25}');
    const coded = createTracer({ register: false, sampler: alwaysOff(), env: { OTEL_TRACES_SAMPLER: 'always_on' } });
    expect(coded.sampler.toString()).toBe('AlwaysOffSampler');
    const fallback = createTracer({ register: false, env: { OTEL_TRACES_SAMPLER: 'sometimes' } });
    expect(fallback.sampler.toString()).toMatch(/^ParentBased\{root=AlwaysOnSampler/);
    expect(warnings.some((w) => w.includes('OTEL_TRACES_SAMPLER') && w.includes('sometimes'))).toBe(true);
    const badArg = createTracer({ register: false, env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' } });
    expect(badArg.sampler.toString()).toContain('TraceIdRatioBased{1}');
    expect(warnings.some((w) => w.includes('OTEL_TRACES_SAMPLER_ARG'))).toBe(true);
  });

  test('the JSONL exporter by name writes one OTLP-shaped span per line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tw-')), 'spans.jsonl');
    const tracer = createTracer({ serviceName: 'svc', exporter: 'jsonl', jsonlFile: file, register: false, env: {} });
    tracer.startSpan('one').end();
    tracer.startSpan('two').end();
    await tracer.shutdown();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.name)).toEqual(['one', 'two']);
    expect(lines[0].traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('OTEL_TRACES_EXPORTER reaches registered exporters; unknown names warn, with a hint for otlp', async () => {
    const exporter = new MemoryExporter();
    registerExporter('memory-test', () => exporter);
    const tracer = createTracer({ register: false, env: { OTEL_TRACES_EXPORTER: 'memory-test, otlp' } });
    tracer.startSpan('s').end();
    await tracer.forceFlush();
    expect(exporter.spans).toHaveLength(1);
    expect(warnings.some((w) => w.includes('OTEL_TRACES_EXPORTER') && w.includes('@tracewire/otlp'))).toBe(true);
  });

  test('OTEL_BSP_* configure the batch processor; code options win', async () => {
    const exporter = new MemoryExporter();
    const tracer = createTracer({
      exporter,
      register: false,
      env: { OTEL_BSP_MAX_QUEUE_SIZE: '2', OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'lots' },
    });
    for (let i = 0; i < 5; i++) tracer.startSpan(`s${i}`).end();
    expect(tracer.stats().dropped).toBe(3);
    expect(warnings.some((w) => w.includes('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'))).toBe(true);
    await tracer.shutdown();
    const coded = createTracer({ exporter, register: false, batch: { maxQueueSize: 10 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '2' } });
    for (let i = 0; i < 5; i++) coded.startSpan(`c${i}`).end();
    expect(coded.stats().dropped).toBe(0);
    await coded.shutdown();
  });

  test('span limits from env', () => {
    const exporter = new MemoryExporter();
    const tracer = createTracer({ exporter, register: false, env: { OTEL_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '2', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '3' } });
    const span = tracer.startSpan('limited');
    span.setAttributes({ a: 'abcdef', b: 2, c: 3 });
    span.end();
    const readable = span as unknown as ReadableSpan;
    expect(readable.attributes).toEqual({ a: 'abc', b: 2 });
    expect(readable.droppedAttributesCount).toBe(1);
  });

  test.each([
    [{ serviceName: 42 }, 'TW_ERR_INVALID_OPTION'],
    [{ sampler: {} }, 'TW_ERR_INVALID_OPTION'],
    [{ exporter: 'otlp' }, 'TW_ERR_UNKNOWN_EXPORTER'],
    [{ exporter: [{}] }, 'TW_ERR_INVALID_OPTION'],
    [{ batch: { maxQueueSize: -1 } }, 'TW_ERR_INVALID_OPTION'],
    [{ spanLimits: { attributeCountLimit: 1.5 } }, 'TW_ERR_INVALID_OPTION'],
    [{ spanProcessors: [null] }, 'TW_ERR_INVALID_OPTION'],
  ])('bad code option %j throws %s at setup', (options, code) => {
    expect(() => createTracer({ register: false, env: {}, exporter: new MemoryExporter(), ...(options as object) })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  test('the unknown-exporter error says how to get otlp', () => {
    expect(() => createTracer({ register: false, env: {}, exporter: 'otlp' })).toThrow(/@tracewire\/otlp/);
  });

  test('register: the last registered tracer is the process-wide one', () => {
    setTracer(undefined);
    const implicit = getTracer();
    expect(getTracer()).toBe(implicit);
    const registered = createTracer({ env: {} });
    expect(getTracer()).toBe(registered);
    createTracer({ register: false, env: {} });
    expect(getTracer()).toBe(registered);
  });
});

describe('createTracer propagators (OTEL_PROPAGATORS as code)', () => {
  afterEach(() => setPropagator(undefined));

  test('names set the process-wide propagator when the tracer registers', () => {
    createTracer({ env: {}, propagators: ['baggage'] });
    expect(getPropagator().fields()).toEqual(['baggage']);
    createTracer({ env: {}, propagators: ['none'] });
    expect(getPropagator().fields()).toEqual([]);
  });

  test('code wins over OTEL_PROPAGATORS; the env applies when no code option is given', () => {
    createTracer({ env: { OTEL_PROPAGATORS: 'baggage' }, propagators: ['tracecontext'] });
    expect(getPropagator().fields()).toEqual(['traceparent', 'tracestate']);
    createTracer({ env: { OTEL_PROPAGATORS: 'baggage' } });
    expect(getPropagator().fields()).toEqual(['baggage']);
  });

  test('a private tracer leaves the process-wide propagator alone', () => {
    setPropagator(undefined);
    const before = getPropagator();
    createTracer({ env: {}, register: false, propagators: ['baggage'] });
    expect(getPropagator()).toBe(before);
  });

  test('objects compose with names; bad entries throw at setup', () => {
    const custom = { inject() {}, extract: (ctx: unknown) => ctx as undefined, fields: () => ['x-custom'] };
    createTracer({ env: {}, propagators: ['tracecontext', custom] });
    expect(getPropagator().fields()).toEqual(['traceparent', 'tracestate', 'x-custom']);
    expect(() => createTracer({ env: {}, register: false, propagators: ['b4'] })).toThrow(expect.objectContaining({ code: 'TW_ERR_UNKNOWN_PROPAGATOR' }));
    expect(() => createTracer({ env: {}, register: false, propagators: [{}] as never })).toThrow(expect.objectContaining({ code: 'TW_ERR_INVALID_OPTION' }));
  });
});
