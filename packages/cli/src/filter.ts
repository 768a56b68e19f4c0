/**
 * Which traces `tracewire view` shows. Filters combine with AND; the values of a repeated flag
 * with OR. A filter selects whole traces: the waterfall of a kept trace still shows all its spans.
 */
import type { Trace, TraceFilter } from './types';

export function matchesFilter(trace: Trace, filter: TraceFilter): boolean {
  const { traceIds, services, minDurationMs, errorsOnly } = filter;
  if (traceIds !== undefined && traceIds.length > 0 && !traceIds.some((id) => trace.traceId.startsWith(id.toLowerCase()))) {
    return false;
  }
  if (services !== undefined && services.length > 0 && !trace.spans.some((span) => services.includes(span.record.service))) {
    return false;
  }
  if (minDurationMs !== undefined && trace.root.end - trace.root.start < minDurationMs) return false;
  if (errorsOnly === true && !trace.spans.some((span) => span.record.status === 'ERROR')) return false;
  return true;
}
