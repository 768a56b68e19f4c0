/**
 * Self time per service (README § Service breakdown): the sum of each span's self time (its
 * adjusted duration minus what its children cover), so a parent's waiting is not counted on top
 * of its children's work; concurrent siblings each count their own time. Shares are of the sum,
 * so they add up to 100 %. Largest first; ties by name.
 */
import type { ServiceTime, Trace } from '../types';

export function serviceBreakdown(trace: Trace): ServiceTime[] {
  const totals = new Map<string, { selfTime: number; spans: number }>();
  let all = 0;
  for (const span of trace.spans) {
    const service = span.record.service;
    const entry = totals.get(service) ?? { selfTime: 0, spans: 0 };
    entry.selfTime += span.selfTime;
    entry.spans += 1;
    totals.set(service, entry);
    all += span.selfTime;
  }
  return [...totals.entries()]
    .map(([service, { selfTime, spans }]) => ({ service, selfTime, share: all > 0 ? selfTime / all : 0, spans }))
    .sort((a, b) => b.selfTime - a.selfTime || a.service.localeCompare(b.service));
}
