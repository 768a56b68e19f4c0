/**
 * Where a trace failed first and how far the failure travelled (README § Error path). The origin
 * is the ERROR span that ended first on the skew-adjusted clock (a failure is known when its span
 * ends); ties go to the deepest span, then to waterfall order. The failure propagated to the
 * unbroken chain of ERROR ancestors above it: an ancestor that is not ERROR handled it.
 */
import type { ErrorPath, SpanNode, Trace } from '../types';

export function errorPath(trace: Trace): ErrorPath | undefined {
  let origin: SpanNode | undefined;
  for (const span of trace.spans) {
    if (span.record.status !== 'ERROR') continue;
    if (origin === undefined || span.adjEnd < origin.adjEnd || (span.adjEnd === origin.adjEnd && span.depth > origin.depth)) {
      origin = span;
    }
  }
  if (origin === undefined) return undefined;
  const propagatedTo: SpanNode[] = [];
  for (let up = origin.parent; up !== undefined && up.record.status === 'ERROR'; up = up.parent) propagatedTo.push(up);
  const onPath = new Set<SpanNode>([origin, ...propagatedTo]);
  const otherErrors = trace.spans.filter((span) => span.record.status === 'ERROR' && !onPath.has(span));
  return { origin, propagatedTo, otherErrors };
}
