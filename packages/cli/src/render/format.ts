/** Number and text formatting shared by the text and HTML reports. */
import type { SpanNode } from '../types';

/** Waterfalls indent at most this many levels; deeper spans line up with the last level. */
export const MAX_INDENT = 40;

/** A duration in ms, short and with about three significant digits: 850µs, 3.25ms, 123.4ms, 12.35s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const abs = Math.abs(ms);
  if (abs < 1) return `${Math.round(ms * 1000)}µs`;
  if (abs < 10) return `${ms.toFixed(2)}ms`;
  if (abs < 1000) return `${ms.toFixed(1)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

/** A signed offset, for skew shifts: +3.00ms, −1.50ms. */
export function formatShift(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** `name (service)`, the way spans are named outside the waterfall. */
export function spanLabel(span: SpanNode): string {
  return `${span.record.name || '(unnamed)'} (${span.record.service})`;
}

/** Cuts `text` to `width` columns, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return `${chars.slice(0, width - 1).join('')}…`;
}

export function padStart(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : ' '.repeat(width - length) + text;
}

/** The wall-clock time of a unix-nano timestamp, ISO 8601 with milliseconds. */
export function isoTime(unixNano: bigint): string {
  const date = new Date(Number(unixNano / 1_000_000n));
  return Number.isNaN(date.getTime()) ? String(unixNano) : date.toISOString();
}

/** Why a span is marked, one note per line (used under waterfall rows and in the HTML details). */
export function spanNotes(span: SpanNode, toleranceMs: number): string[] {
  const notes: string[] = [];
  const { status, statusMessage } = span.record;
  // the ✗ mark already says ERROR: a note only when there is a message to show
  if (status === 'ERROR' && statusMessage) notes.push(`ERROR: ${statusMessage}`);
  if (span.missingParentId !== undefined) notes.push(`parent ${span.missingParentId} is not in the input: shown as an extra root`);
  if (span.skewShift !== 0 && (span.parent === undefined || span.parent.skewShift !== span.skewShift)) {
    notes.push(
      `clock skew: shifted ${formatShift(span.skewShift)} with its subtree for the critical path ` +
        `(recorded ${formatDuration(span.start)} – ${formatDuration(span.end)})`,
    );
  }
  if (span.skewUnresolved > 0) {
    notes.push(
      `outside its parent by ${formatDuration(span.skewUnresolved)} on another service, more than the ` +
        `${formatDuration(toleranceMs)} skew tolerance: clamped, not shifted`,
    );
  }
  return notes;
}

/** The largest of `values` (or `floor` when larger); a loop, since spreading 100k spans into Math.max overflows the stack. */
export function maxOf(values: Iterable<number>, floor: number): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}
