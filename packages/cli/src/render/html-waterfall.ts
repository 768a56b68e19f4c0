/**
 * The HTML waterfall of one trace: a row per span (bar at the recorded times, the span's own
 * critical-path time overlaid) and, hidden until the row is clicked, its details: ids, kind,
 * status, times, notes, attributes and events.
 */
import type { AttributeValue, SpanNode, TraceAnalysis } from '../types';
import { html, type Html } from './html-escape';
import { MAX_INDENT, formatDuration, spanNotes } from './format';

export function htmlWaterfall(analysis: TraceAnalysis, skewToleranceMs: number): Html {
  const { trace, criticalPath } = analysis;
  let extent = 1e-9;
  for (const span of trace.spans) extent = Math.max(extent, span.end);
  const pct = (ms: number): string => `${((ms / extent) * 100).toFixed(3)}%`;
  const segmentsOf = new Map<SpanNode, Html[]>();
  for (const segment of criticalPath.segments) {
    const start = segment.start - segment.span.skewShift;
    const list = segmentsOf.get(segment.span) ?? [];
    list.push(html`<span class="seg" style="left:${pct(start)};width:${pct(segment.end - segment.start)}"></span>`);
    segmentsOf.set(segment.span, list);
  }
  const bottleneck = criticalPath.bottleneck?.span;
  const rows = trace.spans.map((span) => {
    const id = `d-${trace.traceId}-${span.record.spanId}`;
    const failed = span.record.status === 'ERROR';
    const segments = segmentsOf.get(span);
    const classes = ['row', segments ? 'crit' : '', span === bottleneck ? 'bottleneck' : '', failed ? 'error' : ''].filter(Boolean).join(' ');
    const mark = span === bottleneck ? '◆' : segments ? '•' : '';
    return html`<div class="${classes}" data-span-id="${span.record.spanId}" data-details="${id}" tabindex="0" role="button" aria-expanded="false">
<span class="name" style="padding-left:${Math.min(span.depth, MAX_INDENT) * 14}px"><span class="mark">${mark}</span>${failed ? '✗ ' : ''}${span.record.name || '(unnamed)'}</span>
<span class="svc">${span.record.service}</span><span class="dur">${formatDuration(span.end - span.start)}</span>
<span class="track"><span class="bar" style="left:${pct(span.start)};width:${pct(span.end - span.start)}"></span>${segments ?? []}</span>
</div>
<div class="details" id="${id}" hidden>${details(span, analysis, skewToleranceMs)}</div>
`;
  });
  return html`<div class="waterfall">${rows}</div>`;
}

function details(span: SpanNode, analysis: TraceAnalysis, skewToleranceMs: number): Html {
  const { record } = span;
  const onPath = analysis.criticalPath.spans.find((entry) => entry.span === span);
  const facts: Array<[string, string]> = [
    ['span id', record.spanId],
    ['parent', record.parentSpanId ?? '(root)'],
    ['kind', record.kind],
    ['status', record.status + (record.statusMessage ? `: ${record.statusMessage}` : '')],
    ['start', `+${formatDuration(span.start)}`],
    ['duration', formatDuration(span.end - span.start)],
    ['self time', formatDuration(span.selfTime)],
    ['critical path', onPath ? `${formatDuration(onPath.time)} of its own time` : 'not on it'],
    ['read from', record.source],
  ];
  const notes = spanNotes(span, skewToleranceMs).map(
    (note) => html`<div class="${note.startsWith('ERROR') ? 'note error' : 'note'}">${note}</div>`,
  );
  const attributes = Object.entries(record.attributes);
  const origin = analysis.trace.originUnixNano;
  return html`${notes}<table>${facts.map(([key, value]) => html`<tr><th>${key}</th><td>${value}</td></tr>`)}</table>
<h4>Attributes</h4>${
    attributes.length === 0
      ? html`<div class="muted">none</div>`
      : html`<table class="attrs">${attributes.map(([key, value]) => html`<tr><th>${key}</th><td>${show(value)}</td></tr>`)}</table>`
  }
<h4>Events</h4>${
    record.events.length === 0
      ? html`<div class="muted">none</div>`
      : html`<table class="events">${record.events.map(
          (event) => html`<tr><th>${event.timeUnixNano === 0n ? '(no time)' : `+${formatDuration(Number(event.timeUnixNano - origin) / 1e6)}`}</th><td>${event.name}${
            Object.keys(event.attributes).length > 0
              ? html`<table>${Object.entries(event.attributes).map(([k, v]) => html`<tr><th>${k}</th><td>${show(v)}</td></tr>`)}</table>`
              : ''
          }</td></tr>`,
        )}</table>`
  }`;
}

function show(value: AttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
