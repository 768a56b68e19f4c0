/**
 * The sections printed under each waterfall: critical path, bottleneck, error path, self time by
 * service and the service map. Each returns its lines; an empty list means "nothing to say".
 */
import type { CriticalPath, ErrorPath, ServiceEdge, ServiceTime } from '../types';
import type { Styles } from './colors';
import { fit, formatDuration, formatPercent, maxOf, padStart, spanLabel } from './format';

export function criticalPathLines(path: CriticalPath, s: Styles): string[] {
  if (path.spans.length === 0) return [];
  const width = Math.min(60, maxOf(path.spans.map(({ span }) => [...spanLabel(span)].length), 10));
  const lines = [s.bold(`Critical path  ${formatDuration(path.duration)}, ${path.spans.length} span${path.spans.length === 1 ? '' : 's'}`)];
  for (const entry of path.spans) {
    const mark = entry === path.bottleneck ? s.red('◆') : s.yellow('•');
    const share = path.duration > 0 ? entry.time / path.duration : 0;
    lines.push(`  ${mark} ${fit(spanLabel(entry.span), width)} ${padStart(formatDuration(entry.time), 8)} ${padStart(formatPercent(share), 6)}`);
  }
  return lines;
}

export function bottleneckLines(path: CriticalPath, s: Styles): string[] {
  const bottleneck = path.bottleneck;
  if (bottleneck === undefined) return [];
  const share = path.duration > 0 ? bottleneck.time / path.duration : 0;
  return [
    `${s.bold('Bottleneck')}  ${s.red(spanLabel(bottleneck.span))}: ${formatDuration(bottleneck.time)} of its own time on the ` +
      `${formatDuration(path.duration)} critical path (${formatPercent(share)})`,
  ];
}

export function errorPathLines(errors: ErrorPath | undefined, s: Styles): string[] {
  if (errors === undefined) return [];
  const { origin, propagatedTo, otherErrors } = errors;
  const message = origin.record.statusMessage ? `: ${JSON.stringify(origin.record.statusMessage)}` : '';
  const lines = [
    `${s.bold('Error path')}  first failure ${s.red(spanLabel(origin))}, ended at +${formatDuration(origin.adjEnd)}${message}`,
    propagatedTo.length > 0
      ? `            propagated to ${propagatedTo.map((span) => s.red(spanLabel(span))).join(' → ')}`
      : '            not propagated: its parent did not fail',
  ];
  if (otherErrors.length > 0) {
    lines.push(`            other failed spans: ${otherErrors.map(spanLabel).join(', ')}`);
  }
  return lines;
}

export function breakdownLines(breakdown: readonly ServiceTime[], s: Styles): string[] {
  if (breakdown.length === 0) return [];
  const width = maxOf(breakdown.map((entry) => entry.service.length), 7);
  const lines = [s.bold('Self time by service')];
  for (const entry of breakdown) {
    const bar = '█'.repeat(Math.round(entry.share * 20));
    lines.push(
      `  ${s.cyan(fit(entry.service, width))} ${padStart(formatDuration(entry.selfTime), 8)} ${padStart(formatPercent(entry.share), 6)}  ` +
        `${padStart(String(entry.spans), 4)} span${entry.spans === 1 ? ' ' : 's'}  ${s.green(bar)}`,
    );
  }
  return lines;
}

export function serviceMapLines(edges: readonly ServiceEdge[], s: Styles, title = 'Service map'): string[] {
  if (edges.length === 0) return [`${s.bold(title)}  no CLIENT spans, so no calls between services`];
  const names = edges.map((edge) => `${edge.from} → ${edge.to}`);
  const width = maxOf(names.map((name) => [...name].length), 10);
  const lines = [s.bold(title)];
  edges.forEach((edge, index) => {
    const errors = `${edge.errors} error${edge.errors === 1 ? ' ' : 's'} ${padStart(`(${formatPercent(edge.errorRate)})`, 8)}`;
    const via = edge.via === 'server-span' ? '' : s.dim(`  callee from ${edge.via === 'unknown' ? 'nothing: no server span, peer.service or server.address' : edge.via}`);
    lines.push(
      `  ${fit(names[index]!, width)} ${padStart(String(edge.calls), 5)} call${edge.calls === 1 ? ' ' : 's'}  ` +
        `${edge.errors > 0 ? s.red(errors) : errors}  p50 ${padStart(formatDuration(edge.p50), 8)}  p99 ${padStart(formatDuration(edge.p99), 8)}${via}`,
    );
  });
  return lines;
}
