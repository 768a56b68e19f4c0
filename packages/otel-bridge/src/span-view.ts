/**
 * Spans across the bridge. `OtelSpanView` is a tracewire span as @opentelemetry/api's `Span` (what
 * `trace.getActiveSpan()` returns); `toTracewireSpan` turns any OpenTelemetry span back into
 * tracewire's — the span itself when it is one of ours, else a non-recording span with its ids
 * (`trace.wrapSpanContext(...)`, a span of another SDK). Views are cached: one per span.
 */
import type { Attributes as OtelAttributes, Exception, Link as OtelLink, Span as OtelSpan, SpanContext as OtelSpanContext, SpanStatus as OtelSpanStatus, TimeInput as OtelTimeInput } from '@opentelemetry/api';
import { NonRecordingSpan, type Attributes, type Span } from '@tracewire/core';
import { isTimeInput, toTracewireLink, toTracewireSpanContext, toTracewireTime } from './convert';

export class OtelSpanView implements OtelSpan {
  constructor(readonly inner: Span) {}

  spanContext(): OtelSpanContext {
    return this.inner.spanContext() as OtelSpanContext;
  }

  setAttribute(key: string, value: unknown): this {
    this.inner.setAttribute(key, value as Attributes[string]);
    return this;
  }

  setAttributes(attributes: OtelAttributes): this {
    this.inner.setAttributes(attributes as Attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: OtelAttributes | OtelTimeInput, startTime?: OtelTimeInput): this {
    if (isTimeInput(attributesOrStartTime)) this.inner.addEvent(name, undefined, toTracewireTime(attributesOrStartTime));
    else this.inner.addEvent(name, attributesOrStartTime as Attributes | undefined, toTracewireTime(startTime));
    return this;
  }

  addLink(link: OtelLink): this {
    this.inner.addLink(toTracewireLink(link));
    return this;
  }

  addLinks(links: OtelLink[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: OtelSpanStatus): this {
    // both number UNSET 0, OK 1, ERROR 2 (the OTLP numbering)
    this.inner.setStatus({ code: status.code as 0 | 1 | 2, message: status.message });
    return this;
  }

  updateName(name: string): this {
    this.inner.updateName(name);
    return this;
  }

  end(endTime?: OtelTimeInput): void {
    this.inner.end(toTracewireTime(endTime));
  }

  isRecording(): boolean {
    return this.inner.isRecording();
  }

  recordException(exception: Exception, time?: OtelTimeInput): void {
    this.inner.recordException(exception, undefined, toTracewireTime(time));
  }
}

const views = new WeakMap<Span, OtelSpanView>();
const foreign = new WeakMap<OtelSpan, Span>();

export function otelSpanOf(span: Span): OtelSpanView {
  let view = views.get(span);
  if (view === undefined) views.set(span, (view = new OtelSpanView(span)));
  return view;
}

export function toTracewireSpan(span: OtelSpan): Span {
  if (span instanceof OtelSpanView) return span.inner;
  let mapped = foreign.get(span);
  if (mapped === undefined) foreign.set(span, (mapped = new NonRecordingSpan(toTracewireSpanContext(span.spanContext()))));
  return mapped;
}
