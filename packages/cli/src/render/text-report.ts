/** The whole text report: per trace a header, the waterfall and its sections; then, for several traces, their joint service map. */
import type { ServiceEdge, TraceAnalysis } from '../types';
import type { Styles } from './colors';
import { formatDuration, isoTime } from './format';
import { bottleneckLines, breakdownLines, criticalPathLines, errorPathLines, serviceMapLines } from './text-sections';
import { renderWaterfall } from './text-waterfall';

export interface TextReportOptions {
  width: number;
  styles: Styles;
  skewToleranceMs: number;
}

const LEGEND = '█ own time on the critical path   ▒ rest of the span   ◆ bottleneck   • on the critical path   ✗ error';

export function renderTextReport(analyses: readonly TraceAnalysis[], allEdges: readonly ServiceEdge[], options: TextReportOptions): string {
  const s = options.styles;
  const blocks: string[][] = [];
  for (const analysis of analyses) {
    const { trace } = analysis;
    const services = new Set(trace.spans.map((span) => span.record.service));
    const failed = trace.spans.some((span) => span.record.status === 'ERROR');
    const extraRoots = trace.roots.length - 1;
    const header =
      `${s.bold(`Trace ${trace.traceId}`)}  ${isoTime(trace.originUnixNano)}  ${formatDuration(trace.root.end - trace.root.start)}  ` +
      `${trace.spans.length} span${trace.spans.length === 1 ? '' : 's'}  ${services.size} service${services.size === 1 ? '' : 's'}` +
      (extraRoots > 0 ? `  ${extraRoots} extra root${extraRoots === 1 ? '' : 's'}` : '') +
      (failed ? `  ${s.red('ERROR')}` : '');
    blocks.push([
      header,
      ...renderWaterfall(analysis, options),
      '',
      ...criticalPathLines(analysis.criticalPath, s),
      ...bottleneckLines(analysis.criticalPath, s),
      ...errorPathLines(analysis.errorPath, s),
      '',
      ...breakdownLines(analysis.breakdown, s),
      '',
      ...serviceMapLines(analysis.serviceMap, s),
    ]);
  }
  if (analyses.length > 1) blocks.push(serviceMapLines(allEdges, s, `Service map, all ${analyses.length} traces`));
  return `${s.dim(LEGEND)}\n\n${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
