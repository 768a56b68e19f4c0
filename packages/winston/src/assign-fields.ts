/**
 * Copies core's log fields into a winston info object. Core caches one frozen fields object per
 * context, but only its top level is frozen: the `ecs` and `datadog` presets nest objects
 * (`trace: { id }`, `dd: { … }`) that every line of the request would share. Winston's own formats
 * leave them alone, but any format may mutate `info` (add `info.dd.host`, redact `info.trace`),
 * which would leak into the request's later lines. So nested objects are copied per line; the
 * `otel` and `gcp` presets have only strings and booleans and copy nothing.
 */
import type { LogFields } from '@tracewire/core';

export function assignFields(info: Record<string, unknown>, fields: LogFields): void {
  for (const key in fields) {
    const value = fields[key];
    info[key] = typeof value === 'object' && value !== null ? { ...value } : value;
  }
}
