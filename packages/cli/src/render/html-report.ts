/**
 * `tracewire view --html FILE`: one self-contained page (inline CSS and JS, no external URL of
 * any kind) with, per trace, the waterfall (click a span for its attributes and events), the
 * critical path, bottleneck, error path, self time by service and the service map; then the
 * service map of all traces.
 */
import type { ServiceEdge, TraceAnalysis } from '../types';
import { formatDuration, formatPercent, isoTime, spanLabel } from './format';
import { SCRIPT, STYLE } from './html-assets';
// the inline CSS and JS are our own text: wrapped in Html, they go in unescaped
import { Html, html } from './html-escape';
import { htmlServiceMap } from './html-service-map';
import { htmlWaterfall } from './html-waterfall';

export interface HtmlReportOptions {
  skewToleranceMs: number;
  /** shown in the title: the files the spans came from */
  sources: readonly string[];
}

export function renderHtmlReport(analyses: readonly TraceAnalysis[], allEdges: readonly ServiceEdge[], options: HtmlReportOptions): string {
  const allServices = [...new Set(analyses.flatMap((a) => a.trace.spans.map((span) => span.record.service)))];
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tracewire view: ${options.sources.join(', ')}</title>
<style>${new Html(STYLE)}</style></head>
<body>
<h1>tracewire view</h1>
<div class="muted">${analyses.length} trace${analyses.length === 1 ? '' : 's'} from ${options.sources.join(', ')}</div>
<ul class="toc">${analyses.map(
    ({ trace }) => html`<li><a href="#trace-${trace.traceId}">${trace.traceId}</a> ${spanLabel(trace.root)} · ${formatDuration(trace.root.end - trace.root.start)}${
      trace.spans.some((s) => s.record.status === 'ERROR') ? ' · ERROR' : ''
    }</li>`,
  )}</ul>
${analyses.map((analysis) => traceSection(analysis, options.skewToleranceMs))}
<h2>Service map, all traces</h2>
${htmlServiceMap(allEdges, allServices, 'all')}
<script>${new Html(SCRIPT)}</script>
</body></html>
`;
  return page.text;
}

function traceSection(analysis: TraceAnalysis, skewToleranceMs: number): Html {
  const { trace, criticalPath, errorPath, breakdown } = analysis;
  const services = [...new Set(trace.spans.map((span) => span.record.service))];
  const bottleneck = criticalPath.bottleneck;
  const share = (ms: number): string => formatPercent(criticalPath.duration > 0 ? ms / criticalPath.duration : 0);
  return html`<section class="trace" id="trace-${trace.traceId}">
<h2>Trace ${trace.traceId}</h2>
<div class="muted">${isoTime(trace.originUnixNano)} · ${formatDuration(trace.root.end - trace.root.start)} · ${trace.spans.length} spans · ${services.length} services${
    trace.roots.length > 1 ? ` · ${trace.roots.length - 1} extra root(s) whose parent is missing` : ''
  }</div>
<p class="legend"><span><i class="sw" style="background:var(--span)"></i>span (recorded times)</span><span><i class="sw" style="background:var(--crit)"></i>own time on the critical path</span><span><i class="sw" style="background:var(--bottleneck)"></i>bottleneck</span><span>✗ error · click a span for its attributes and events</span></p>
${htmlWaterfall(analysis, skewToleranceMs)}
<h3>Critical path (${formatDuration(criticalPath.duration)})</h3>
<table class="list"><tr><th>span</th><th class="num">own time on the path</th><th class="num">share</th></tr>${criticalPath.spans.map(
    (entry) => html`<tr><td>${entry === bottleneck ? '◆ ' : '• '}${spanLabel(entry.span)}</td><td class="num">${formatDuration(entry.time)}</td><td class="num">${share(entry.time)}</td></tr>`,
  )}</table>
${bottleneck === undefined ? '' : html`<p><b>Bottleneck:</b> ${spanLabel(bottleneck.span)}, ${formatDuration(bottleneck.time)} of the ${formatDuration(criticalPath.duration)} critical path (${share(bottleneck.time)}).</p>`}
${
  errorPath === undefined
    ? html`<p><b>Error path:</b> no span failed.</p>`
    : html`<p><b>Error path:</b> first failure <span class="note error">${spanLabel(errorPath.origin)}</span>, ended at +${formatDuration(errorPath.origin.adjEnd)}${
        errorPath.origin.record.statusMessage ? `: ${errorPath.origin.record.statusMessage}` : ''
      }; ${errorPath.propagatedTo.length > 0 ? `propagated to ${errorPath.propagatedTo.map(spanLabel).join(' → ')}` : 'not propagated (its parent did not fail)'}${
        errorPath.otherErrors.length > 0 ? `; other failed spans: ${errorPath.otherErrors.map(spanLabel).join(', ')}` : ''
      }.</p>`
}
<h3>Self time by service</h3>
<table class="list"><tr><th>service</th><th class="num">self time</th><th class="num">share</th><th class="num">spans</th></tr>${breakdown.map(
    (entry) => html`<tr><td>${entry.service}</td><td class="num">${formatDuration(entry.selfTime)}</td><td class="num">${formatPercent(entry.share)}</td><td class="num">${entry.spans}</td></tr>`,
  )}</table>
<h3>Service map</h3>
${htmlServiceMap(analysis.serviceMap, services, trace.traceId)}
</section>
`;
}
