/**
 * The critical path by the "last-finishing child" rule (README § Critical path), on the
 * skew-adjusted, clamped intervals (cpStart/cpEnd). Walking back from a point t inside span S
 * (first t = S's end): the candidate is the child of S that finished last at or before t. If
 * there is none, S's own time [S.start, t] is on the path and the walk leaves S. Otherwise the gap
 * [child.end, t] is S's own time, the child is walked from its end, and then t = child.start.
 * Children that end after t ran in parallel with what is already explained and are skipped.
 * Ties in end time go to the child that started first (it explains more). The segments cover
 * the root's interval exactly once.
 */
import type { CriticalPath, PathSegment, PathSpan, SpanNode } from '../types';

interface Frame {
  readonly span: SpanNode;
  /** the span's children with a non-empty interval, latest end first */
  readonly children: SpanNode[];
  next: number;
  point: number;
}

export function criticalPath(root: SpanNode): CriticalPath {
  const backwards: PathSegment[] = [];
  const emit = (span: SpanNode, start: number, end: number): void => {
    if (end > start) backwards.push({ span, start, end });
  };
  const frame = (span: SpanNode): Frame => ({
    span,
    children: span.children.filter((c) => c.cpEnd > c.cpStart).sort((a, b) => b.cpEnd - a.cpEnd || a.cpStart - b.cpStart),
    next: 0,
    point: span.cpEnd,
  });
  // an explicit stack: a malformed trace can be deeper than the call stack
  const stack: Frame[] = [frame(root)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    while (top.next < top.children.length && top.children[top.next]!.cpEnd > top.point) top.next++;
    const child = top.children[top.next++];
    if (child === undefined) {
      emit(top.span, top.span.cpStart, top.point);
      stack.pop();
      continue;
    }
    emit(top.span, child.cpEnd, top.point);
    top.point = child.cpStart;
    stack.push(frame(child));
  }
  const segments = backwards.reverse();
  return { segments, ...summarise(segments), duration: root.cpEnd - root.cpStart };
}

/** Each span's own time on the path, in order of first appearance; the bottleneck is the largest (first on ties). */
function summarise(segments: readonly PathSegment[]): { spans: PathSpan[]; bottleneck: PathSpan | undefined } {
  const times = new Map<SpanNode, number>();
  for (const segment of segments) times.set(segment.span, (times.get(segment.span) ?? 0) + segment.end - segment.start);
  const spans = [...times.entries()].map(([span, time]) => ({ span, time }));
  let bottleneck: PathSpan | undefined;
  for (const entry of spans) if (bottleneck === undefined || entry.time > bottleneck.time) bottleneck = entry;
  return { spans, bottleneck };
}
