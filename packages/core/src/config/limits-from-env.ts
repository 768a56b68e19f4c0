/**
 * Span limits and batch processor settings from `OTEL_*` variables (SPEC-NOTES §4.3, §6.1); code
 * options win field by field.
 */
import type { BatchSpanProcessorOptions, SpanLimits } from '../types';
import { type Env, readInteger } from './env';

function firstDefined(...values: Array<number | undefined>): number | undefined {
  return values.find((v) => v !== undefined);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function spanLimitsFromEnv(env: Env): SpanLimits {
  // a span-specific variable wins over the general attribute one
  return withoutUndefined({
    attributeCountLimit: firstDefined(
      readInteger(env, 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT'),
      readInteger(env, 'OTEL_ATTRIBUTE_COUNT_LIMIT'),
    ),
    attributeValueLengthLimit: firstDefined(
      readInteger(env, 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
      readInteger(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
    ),
    eventCountLimit: readInteger(env, 'OTEL_SPAN_EVENT_COUNT_LIMIT'),
    linkCountLimit: readInteger(env, 'OTEL_SPAN_LINK_COUNT_LIMIT'),
    attributePerEventCountLimit: readInteger(env, 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT'),
    attributePerLinkCountLimit: readInteger(env, 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT'),
  });
}

export function batchOptionsFromEnv(env: Env): BatchSpanProcessorOptions {
  return withoutUndefined({
    maxQueueSize: readInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1),
    maxExportBatchSize: readInteger(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1),
    scheduledDelayMillis: readInteger(env, 'OTEL_BSP_SCHEDULE_DELAY'),
    exportTimeoutMillis: readInteger(env, 'OTEL_BSP_EXPORT_TIMEOUT'),
  });
}

/** Code options over env options, field by field (SPEC-NOTES 0.7). */
export function mergeDefined<T extends object>(fromEnv: T, fromCode: T | undefined): T {
  return { ...fromEnv, ...withoutUndefined(fromCode ?? ({} as T)) };
}
