/** Value conversions between @opentelemetry/api's shapes and tracewire's (kinds, times, links, contexts). */
import type { HrTime, Link as OtelLink, SpanContext as OtelSpanContext, SpanOptions as OtelSpanOptions, TimeInput as OtelTimeInput } from '@opentelemetry/api';
import { SpanKind, type Link, type SpanContext, type SpanOptions, type TimeInput } from '@tracewire/core';

/** OpenTelemetry numbers kinds from 0 (INTERNAL); tracewire, like OTLP, from 1. */
export function toTracewireKind(kind: number | undefined): SpanKind {
  return kind !== undefined && kind >= 0 && kind <= 4 ? ((kind + 1) as SpanKind) : SpanKind.INTERNAL;
}

function isHrTime(value: unknown): value is HrTime {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

/**
 * OpenTelemetry's TimeInput: `[seconds, nanoseconds]`, a Date, or a number that is epoch
 * milliseconds — or, below the process's time origin, a `performance.now()` reading (the rule
 * OpenTelemetry's SDK applies). tracewire takes epoch milliseconds or a Date.
 */
export function toTracewireTime(time: OtelTimeInput | undefined): TimeInput | undefined {
  if (time === undefined || time instanceof Date) return time;
  if (isHrTime(time)) return time[0] * 1000 + time[1] / 1e6;
  if (typeof time === 'number') return time < performance.timeOrigin ? performance.timeOrigin + time : time;
  return undefined;
}

export function isTimeInput(value: unknown): value is OtelTimeInput {
  return typeof value === 'number' || value instanceof Date || isHrTime(value);
}

export function toTracewireSpanContext(sc: OtelSpanContext): SpanContext {
  return { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, traceState: sc.traceState as SpanContext['traceState'], isRemote: sc.isRemote };
}

export function toTracewireLink(link: OtelLink): Link {
  return { context: toTracewireSpanContext(link.context), attributes: link.attributes as Link['attributes'] };
}

export function toTracewireSpanOptions(options: OtelSpanOptions | undefined): SpanOptions {
  if (options === undefined) return {};
  return {
    kind: toTracewireKind(options.kind),
    attributes: options.attributes as SpanOptions['attributes'],
    links: options.links?.map(toTracewireLink),
    startTime: toTracewireTime(options.startTime),
    root: options.root,
  };
}
