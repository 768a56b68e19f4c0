/**
 * The indented waterfall: one row per span in depth-first order with a tree, the service, the
 * duration and a bar scaled to the terminal width. Bars show the recorded times; the cells where
 * a span's own time is on the critical path are drawn solid (█), the rest of the span shaded (▒).
 * Marks: ◆ bottleneck, • on the critical path, ✗ status ERROR. A note row follows a span that
 * failed, lost its parent or was shifted for clock skew.
 */
import type { SpanNode, TraceAnalysis } from '../types';
import type { Styles } from './colors';
import { MAX_INDENT, fit, formatDuration, maxOf, padStart, spanNotes } from './format';

export interface WaterfallOptions {
  width: number;
  styles: Styles;
  skewToleranceMs: number;
}

const DURATION_WIDTH = 8;
const MIN_BAR = 10;

export function renderWaterfall(analysis: TraceAnalysis, options: WaterfallOptions): string[] {
  const { trace, criticalPath } = analysis;
  const s = options.styles;
  const prefixes = treePrefixes(trace.spans);
  const labels = trace.spans.map((span) => `${prefixes.get(span)!.own}${span.record.name || '(unnamed)'}`);
  const nameWidth = clamp(maxOf(labels.map((label) => [...label].length), 0), 12, Math.floor(options.width * 0.35));
  const serviceWidth = clamp(maxOf(trace.spans.map((span) => span.record.service.length), 7), 7, 18);
  const fixed = 3 + nameWidth + 1 + serviceWidth + 1 + DURATION_WIDTH + 1 + 2;
  const cells = Math.max(MIN_BAR, options.width - fixed);
  const extent = maxOf(trace.spans.map((span) => span.end), 1e-9);

  const onPath = new Map<SpanNode, Array<[number, number]>>();
  for (const segment of criticalPath.segments) {
    const list = onPath.get(segment.span) ?? [];
    // segments are on the adjusted clock; bars on the recorded one
    list.push([segment.start - segment.span.skewShift, segment.end - segment.span.skewShift]);
    onPath.set(segment.span, list);
  }
  const bottleneck = criticalPath.bottleneck?.span;

  const axis = `0${' '.repeat(Math.max(1, cells - 1 - formatDuration(extent).length))}${formatDuration(extent)}`;
  const lines = [
    s.dim(`   ${fit('span', nameWidth)} ${fit('service', serviceWidth)} ${padStart('duration', DURATION_WIDTH)} │${fit(axis, cells)}│`),
  ];
  trace.spans.forEach((span, index) => {
    const failed = span.record.status === 'ERROR';
    const segments = onPath.get(span);
    const mark = (span === bottleneck ? s.red('◆') : segments ? s.yellow('•') : ' ') + (failed ? s.red('✗') : ' ');
    const name = fit(labels[index]!, nameWidth);
    const bar = renderBar(span, segments ?? [], extent, cells, span === bottleneck ? s.red : s.yellow, failed ? s.red : (t) => t);
    const duration = padStart(formatDuration(span.end - span.start), DURATION_WIDTH);
    lines.push(
      `${mark} ${failed ? s.red(name) : span === bottleneck ? s.bold(name) : name} ${s.cyan(fit(span.record.service, serviceWidth))} ${duration} │${bar}│`,
    );
    const indent = ' '.repeat(3 + [...prefixes.get(span)!.children].length);
    for (const note of spanNotes(span, options.skewToleranceMs)) {
      lines.push(s.dim(`${indent}↳ `) + (note.startsWith('ERROR') ? s.red(note) : s.dim(note)));
    }
  });
  return lines;
}

function renderBar(
  span: SpanNode,
  segments: ReadonlyArray<[number, number]>,
  extent: number,
  cells: number,
  critical: (text: string) => string,
  plain: (text: string) => string,
): string {
  const cellOf = (time: number): number => clamp(Math.floor((time / extent) * cells), 0, cells - 1);
  const first = cellOf(span.start);
  const last = Math.max(first, clamp(Math.ceil((span.end / extent) * cells) - 1, 0, cells - 1));
  let bar = ' '.repeat(first);
  for (let cell = first; cell <= last; cell++) {
    const from = (cell / cells) * extent;
    const to = ((cell + 1) / cells) * extent;
    const hot = segments.some(([start, end]) => start < to && end > from);
    bar += hot ? critical('█') : plain('▒');
  }
  return bar + ' '.repeat(cells - 1 - last);
}

/** Tree glyphs: `own` goes before a span's name, `children` is what its children's glyphs start with. */
function treePrefixes(spans: readonly SpanNode[]): Map<SpanNode, { own: string; children: string }> {
  const prefixes = new Map<SpanNode, { own: string; children: string }>();
  for (const span of spans) {
    const parent = span.parent === undefined ? undefined : prefixes.get(span.parent);
    if (parent === undefined) {
      prefixes.set(span, { own: '', children: '' });
      continue;
    }
    const siblings = span.parent!.children;
    const isLast = siblings[siblings.length - 1] === span;
    // past MAX_INDENT levels the tree stops moving right: a pathological depth must not cost depth² memory
    const indent = span.depth > MAX_INDENT ? parent.children.slice(0, -3) : parent.children;
    prefixes.set(span, { own: `${indent}${isLast ? '└─ ' : '├─ '}`, children: `${indent}${isLast ? '   ' : '│  '}` });
  }
  return prefixes;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
