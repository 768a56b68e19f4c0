/** Public types of @tracewire/winston. */
import type { LogFieldPreset, LogFieldsOptions } from '@tracewire/core';

/**
 * Options of `traceFormat()`: the field preset (`otel` default, `ecs`, `datadog`, `gcp`), custom
 * key names, request id and baggage keys. They are core's log-field options, shared with pino.
 */
export type TraceFormatOptions = LogFieldsOptions;

export type { LogFieldPreset };
