import { withSpan } from '../../src/context/store';
import { createTracer } from '../../src/create-tracer';
import { samplerFromEnv } from '../../src/config/sampler-from-env';
import { extract } from '../../src/propagation/api';
import { TraceFlags, type HeadSamplerStats, type Sampler, type Span, type TraceContext, type Tracer } from '../../src/types';
import { FLUSH_OK } from '../../src/processing/export-call';
import { PARENT_ID, TRACE_ID } from '../../../../test-support/trace-ids';
import { captureDiagnostics, type CapturedDiagnostics } from '../helpers/capture-diagnostics';

let diagnostics: CapturedDiagnostics;
beforeEach(() => {
  diagnostics = captureDiagnostics();
});

const keepAll = { onStart() {}, onEnd() {}, forceFlush: () => Promise.resolve(FLUSH_OK), shutdown: () => Promise.resolve(FLUSH_OK) };

function tracerFor(name: string, arg?: string): Tracer {
  const env: Record<string, string> = { OTEL_TRACES_SAMPLER: name };
  if (arg !== undefined) env.OTEL_TRACES_SAMPLER_ARG = arg;
  return createTracer({ register: false, env, spanProcessors: [keepAll] });
}

const sampled = (span: Span) => (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
const remote = (flags: '00' | '01'): TraceContext => extract({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-${flags}` });
const statsOf = (sampler: Sampler) => (sampler as Sampler & { stats(): HeadSamplerStats }).stats();

describe('OTEL_TRACES_SAMPLER extensions: ratelimited, adaptive (per-second argument)', () => {
  test('parentbased_ratelimited: roots take tokens; remote parents are followed', () => {
    // 1 per second: the bucket holds one token, so of two roots in a row only the first is sampled
    const tracer = tracerFor('parentbased_ratelimited', '1');
    expect([sampled(tracer.startSpan('a')), sampled(tracer.startSpan('b'))]).toEqual([true, false]);
    expect(sampled(tracer.startSpan('in', {}, remote('01')))).toBe(true);
    expect(sampled(tracer.startSpan('in', {}, remote('00')))).toBe(false);
    expect(statsOf(tracer.sampler)).toEqual({ sampled: 1, dropped: 1 });
    expect(String(tracer.sampler)).toMatch(/^ParentBased\{root=RateLimited\{1\},remoteParentSampled=AlwaysOnSampler,/);
  });

  test("ratelimited: every trace entering the process takes a token, whatever the caller's flag; local children follow", () => {
    const tracer = tracerFor('RateLimited', '1');
    const entry = tracer.startSpan('in', {}, remote('00'));
    expect(sampled(entry)).toBe(true); // the caller did not sample; this process keeps its first trace
    expect(sampled(tracer.startSpan('in', {}, remote('01')))).toBe(false); // no token left
    expect(sampled(tracer.startSpan('child', {}, withSpan(undefined, entry)))).toBe(true);
    expect(statsOf(tracer.sampler)).toEqual({ sampled: 1, dropped: 1 });
    expect(String(tracer.sampler)).toMatch(/remoteParentSampled=RateLimited\{1\},remoteParentNotSampled=RateLimited\{1\},localParentSampled=AlwaysOnSampler/);
  });

  test('adaptive and parentbased_adaptive take the target per second', () => {
    expect(String(tracerFor('adaptive', '250').sampler)).toMatch(/^ParentBased\{root=Adaptive\{250\},remoteParentSampled=Adaptive\{250\}/);
    const tracer = tracerFor('parentbased_adaptive', '0.5');
    expect(String(tracer.sampler)).toMatch(/^ParentBased\{root=Adaptive\{0.5\},remoteParentSampled=AlwaysOnSampler/);
    // before its first window closes the adaptive sampler keeps everything (its ceiling, 1)
    expect(sampled(tracer.startSpan('a'))).toBe(true);
    expect(statsOf(tracer.sampler)).toMatchObject({ sampled: 1, dropped: 0, ratio: 1 });
  });

  test('an unset, invalid or non-positive argument is warned about (when set) and 100 per second is used', () => {
    expect(String(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_ratelimited' }))).toContain('RateLimited{100}');
    expect(diagnostics.warnings).toEqual([]);
    for (const bad of ['0', '-5', 'lots', 'Infinity']) {
      expect(String(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'adaptive', OTEL_TRACES_SAMPLER_ARG: bad }))).toContain('Adaptive{100}');
      expect(diagnostics.warnings.some((w) => w.includes('OTEL_TRACES_SAMPLER_ARG') && w.includes(JSON.stringify(bad)))).toBe(true);
    }
  });

  test('unknown names still warn, listing the extensions among the known ones; the default is used', () => {
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'rate_limited' })).toBeUndefined();
    const warning = diagnostics.warnings.find((w) => w.includes('OTEL_TRACES_SAMPLER') && w.includes('rate_limited'));
    expect(warning).toContain('parentbased_ratelimited');
    expect(warning).toContain('parentbased_adaptive');
    expect(String(createTracer({ register: false, env: { OTEL_TRACES_SAMPLER: 'xray' } }).sampler)).toMatch(/^ParentBased\{root=AlwaysOnSampler/);
  });

  test('the traceidratio argument rules are unchanged', () => {
    expect(String(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }))).toBe('TraceIdRatioBased{0.25}');
    expect(String(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '100' }))).toBe('TraceIdRatioBased{1}');
  });
});
