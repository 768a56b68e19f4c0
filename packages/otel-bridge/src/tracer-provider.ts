/**
 * @opentelemetry/api's TracerProvider and Tracer over tracewire's tracer: spans that libraries start
 * through the API are tracewire spans — same sampler, processors and exporters, parented by
 * tracewire's active context.
 */
import type { Context, Span as OtelSpan, SpanOptions as OtelSpanOptions, Tracer as OtelTracer, TracerProvider } from '@opentelemetry/api';
import { active, getTracer, run, withSpan, type Tracer } from '@tracewire/core';
import { toTracewireContext } from './bridged-context';
import { toTracewireSpanOptions } from './convert';
import { otelSpanOf } from './span-view';

export class TracewireOtelTracer implements OtelTracer {
  constructor(private readonly tracer: Tracer | undefined) {}

  startSpan(name: string, options?: OtelSpanOptions, context?: Context): OtelSpan {
    const tracer = this.tracer ?? getTracer();
    const parent = context === undefined ? active() : toTracewireContext(context);
    return otelSpanOf(tracer.startSpan(name, toTracewireSpanOptions(options), parent));
  }

  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, options: OtelSpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, options: OtelSpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: OtelSpan) => unknown>(name: string, a?: unknown, b?: unknown, c?: unknown): ReturnType<F> | undefined {
    const fn = (typeof c === 'function' ? c : typeof b === 'function' ? b : a) as F | undefined;
    if (typeof fn !== 'function') return undefined;
    const options = typeof a === 'object' && a !== null ? (a as OtelSpanOptions) : undefined;
    const context = typeof c === 'function' ? (b as Context | undefined) : undefined;
    const parent = context === undefined ? active() : toTracewireContext(context);
    const tracer = this.tracer ?? getTracer();
    const span = tracer.startSpan(name, toTracewireSpanOptions(options), parent);
    // unlike tracewire's own startActiveSpan, the API leaves ending the span to `fn`
    return run(withSpan(parent, span), fn, otelSpanOf(span)) as ReturnType<F>;
  }
}

export class TracewireTracerProvider implements TracerProvider {
  private readonly tracers = new Map<string, TracewireOtelTracer>();

  constructor(private readonly tracer: Tracer | undefined) {}

  /**
   * One tracer per library name and version. Spans keep tracewire's instrumentation scope: the
   * library's name and version are not carried (see the README).
   */
  getTracer(name: string, version?: string): OtelTracer {
    const key = `${name}@${version ?? ''}`;
    let found = this.tracers.get(key);
    if (found === undefined) this.tracers.set(key, (found = new TracewireOtelTracer(this.tracer)));
    return found;
  }
}
