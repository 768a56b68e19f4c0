/**
 * A finished span in Zipkin v2 JSON (SPEC-NOTES §8.2–8.4). Times are epoch microseconds, whole
 * numbers; every tag value is a string; fields that would be empty are omitted.
 */
import { SpanKind, SpanStatusCode, type ReadableSpan, type Resource, type SpanEvent } from '@tracewire/core';
import { remoteEndpoint } from './remote-endpoint';
import { toTagValue } from './tag-values';
import type { ZipkinAnnotation, ZipkinKind, ZipkinSpan } from './types';

const KINDS: Readonly<Record<number, ZipkinKind | undefined>> = {
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

/** Epoch milliseconds (fractional) to whole epoch microseconds, rounded to nearest. */
export function toMicros(epochMillis: number): number {
  return Math.round(epochMillis * 1000);
}

/** Whole microseconds, rounded to nearest, at least 1: Zipkin reads 0 as "duration unknown". */
export function durationMicros(startMillis: number, endMillis: number): number {
  return Math.max(1, Math.round((endMillis - startMillis) * 1000));
}

export function toZipkinSpan(span: ReadableSpan): ZipkinSpan {
  const context = span.spanContext();
  const zipkin: ZipkinSpan = {
    traceId: context.traceId,
    id: context.spanId,
    timestamp: toMicros(span.startTime),
    duration: durationMicros(span.startTime, span.endTime),
    localEndpoint: { serviceName: serviceName(span.resource) },
  };
  if (span.parentSpanId) zipkin.parentId = span.parentSpanId;
  if (span.name !== '') zipkin.name = span.name;
  const kind = KINDS[span.kind];
  if (kind !== undefined) zipkin.kind = kind;
  if (kind === 'CLIENT' || kind === 'PRODUCER') {
    const remote = remoteEndpoint(span.attributes);
    if (remote !== undefined) zipkin.remoteEndpoint = remote;
  }
  if (span.events.length > 0) zipkin.annotations = span.events.map(toAnnotation);
  const tags = toTags(span);
  if (tags !== undefined) zipkin.tags = tags;
  return zipkin;
}

function serviceName(resource: Resource): string {
  const name = resource.attributes['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

/** `name`, or `"name": {attributes as JSON}` when the event has attributes (SPEC-NOTES §8.4). */
function toAnnotation(event: SpanEvent): ZipkinAnnotation {
  const hasAttributes = Object.keys(event.attributes).length > 0;
  const value = hasAttributes ? `${JSON.stringify(event.name)}: ${JSON.stringify(event.attributes)}` : event.name;
  return { timestamp: toMicros(event.time), value };
}

/**
 * Resource attributes other than `service.name` (which is the local endpoint; `service.namespace`
 * and the rest are tags), then span attributes over them, then tracewire's own `otel.*` tags and
 * `error` over both. An `error` attribute never passes through: Zipkin marks any span carrying an
 * `error` tag as failed, so that tag exists exactly when the status is ERROR (SPEC-NOTES §8.3).
 */
function toTags(span: ReadableSpan): Record<string, string> | undefined {
  // a Map, so keys such as `__proto__` or `constructor` are tags like any other
  const tags = new Map<string, string>();
  const put = (key: string, value: unknown): void => {
    const text = toTagValue(value);
    if (text !== undefined) tags.set(key, text);
  };
  for (const [key, value] of Object.entries(span.resource.attributes)) if (key !== 'service.name') put(key, value);
  for (const [key, value] of Object.entries(span.attributes)) if (key !== 'error') put(key, value);

  if (span.status.code === SpanStatusCode.OK) put('otel.status_code', 'OK');
  else if (span.status.code === SpanStatusCode.ERROR) {
    put('otel.status_code', 'ERROR');
    put('error', span.status.message ?? '');
  }
  if (span.droppedAttributesCount > 0) put('otel.dropped_attributes_count', span.droppedAttributesCount);
  if (span.droppedEventsCount > 0) put('otel.dropped_events_count', span.droppedEventsCount);
  if (span.droppedLinksCount > 0) put('otel.dropped_links_count', span.droppedLinksCount);
  const scope = span.scope;
  if (scope.name !== '') {
    put('otel.scope.name', scope.name);
    put('otel.library.name', scope.name);
  }
  if (scope.version) {
    put('otel.scope.version', scope.version);
    put('otel.library.version', scope.version);
  }
  return tags.size > 0 ? Object.fromEntries(tags) : undefined;
}
