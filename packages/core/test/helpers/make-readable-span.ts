/** Builds plain ReadableSpan objects for processor and exporter tests, without a tracer. */
import { generateSpanId, generateTraceId } from '../../src/ids';
import {
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type InstrumentationScope,
  type ReadableSpan,
  type Resource,
  type SpanContext,
} from '../../src/types';

/** Shared by default, as one tracer shares one Resource object. */
export const testResource: Resource = { attributes: { 'service.name': 'test-service' } };
export const testScope: InstrumentationScope = { name: '@tracewire/test', version: '1.0.0' };

export interface SpanOverrides extends Partial<Omit<ReadableSpan, 'spanContext'>> {
  traceId?: string;
  spanId?: string;
  traceFlags?: number;
  spanContext?: Partial<SpanContext>;
}

/** An ended, sampled INTERNAL root span unless overridden; it is its own local root. */
export function makeReadableSpan(overrides: SpanOverrides = {}): ReadableSpan {
  const { traceId, spanId, traceFlags, spanContext, ...rest } = overrides;
  const context = {
    traceId: traceId ?? generateTraceId(),
    spanId: spanId ?? generateSpanId(),
    traceFlags: traceFlags ?? TraceFlags.SAMPLED,
    ...spanContext,
  };
  const startTime = rest.startTime ?? 1_700_000_000_000;
  return {
    name: 'test-span',
    kind: SpanKind.INTERNAL,
    startTime,
    endTime: startTime + 1,
    ended: true,
    attributes: {},
    events: [],
    links: [],
    status: { code: SpanStatusCode.UNSET },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    resource: testResource,
    scope: testScope,
    localRootSpanId: context.spanId,
    ...rest,
    spanContext: () => context,
  };
}

/** A child of `parent` in the same process (same trace, same local root). */
export function makeChildSpan(parent: ReadableSpan, overrides: SpanOverrides = {}): ReadableSpan {
  return makeReadableSpan({
    traceId: parent.spanContext().traceId,
    parentSpanId: parent.spanContext().spanId,
    parentIsRemote: false,
    localRootSpanId: parent.localRootSpanId,
    ...overrides,
  });
}

/** `count` sampled spans named `span-0`, `span-1`, ... */
export function makeSpans(count: number, overrides: SpanOverrides = {}): ReadableSpan[] {
  return Array.from({ length: count }, (_, i) => makeReadableSpan({ name: `span-${i}`, ...overrides }));
}
