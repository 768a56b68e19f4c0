/**
 * Clock-skew correction, for the critical path and self times only (the waterfall keeps showing
 * the recorded times). Services run on different clocks, so a SERVER span can appear to start a
 * few ms before the CLIENT span that called it, or end after it. README § Clock skew:
 *
 * 1. Shift. A child on a different service than its parent that pokes out of the parent's
 *    (already adjusted) interval on one side only, by at most `toleranceMs`, is moved, with its
 *    whole subtree, by exactly the overflow: +d when it starts d ms early, −d when it ends d ms
 *    late. Spans on the same service share a clock and are never shifted; neither is a child that
 *    overflows on both sides (it is longer than its parent: no shift can fit it) or by more than
 *    the tolerance (reported as unresolved).
 * 2. Clamp. The critical-path interval [cpStart, cpEnd] of every span is its adjusted interval
 *    intersected with its parent's critical-path interval; a child that lies wholly outside
 *    gets an empty one and cannot be on the path.
 */
import type { SpanNode, Trace } from '../types';

export const DEFAULT_SKEW_TOLERANCE_MS = 10;

type Mutable = { -readonly [K in keyof SpanNode]: SpanNode[K] };

/** Sets adjStart/adjEnd, skewShift, skewUnresolved and cpStart/cpEnd on every span of the trace. */
export function adjustForSkew(trace: Trace, toleranceMs = DEFAULT_SKEW_TOLERANCE_MS): void {
  // trace.spans is depth-first, so every parent is adjusted before its children
  for (const node of trace.spans as Mutable[]) {
    const parent = node.parent;
    if (parent === undefined) {
      setTimes(node, 0, node.start, node.end);
      continue;
    }
    const inherited = parent.skewShift;
    const start = node.start + inherited;
    const end = node.end + inherited;
    let local = 0;
    node.skewUnresolved = 0;
    if (node.record.service !== parent.record.service) {
      const early = parent.adjStart - start;
      const late = end - parent.adjEnd;
      const overflow = early > 0 && late <= 0 ? early : late > 0 && early <= 0 ? -late : 0;
      if (Math.abs(overflow) <= toleranceMs) local = overflow;
      else node.skewUnresolved = Math.abs(overflow);
    }
    setTimes(node, inherited + local, start + local, end + local);
    node.cpStart = Math.max(node.adjStart, parent.cpStart);
    node.cpEnd = Math.min(node.adjEnd, parent.cpEnd);
    if (node.cpEnd < node.cpStart) node.cpStart = node.cpEnd = parent.cpEnd;
  }
}

function setTimes(node: Mutable, shift: number, start: number, end: number): void {
  node.skewShift = shift;
  node.adjStart = start;
  node.adjEnd = end;
  node.cpStart = start;
  node.cpEnd = end;
}

/**
 * Self time of every span: its adjusted duration minus the length of the union of its children's
 * adjusted intervals, each cut to the span's own. Summed over a tree it gives the time each
 * span's work explains, with parallel children counted once.
 */
export function computeSelfTimes(trace: Trace): void {
  for (const node of trace.spans as Mutable[]) {
    const intervals = node.children
      .map((child) => [Math.max(child.adjStart, node.adjStart), Math.min(child.adjEnd, node.adjEnd)] as const)
      .filter(([start, end]) => end > start)
      .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let runStart = -Infinity;
    let runEnd = -Infinity;
    for (const [start, end] of intervals) {
      if (start > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = start;
        runEnd = end;
      } else runEnd = Math.max(runEnd, end);
    }
    if (runEnd > runStart) covered += runEnd - runStart;
    node.selfTime = Math.max(0, node.adjEnd - node.adjStart - covered);
  }
}
