/**
 * The `--json` output (README § JSON output): a stable, versioned shape for scripts. Times are
 * milliseconds since the trace's earliest span start, rounded to the microsecond; spans refer to
 * each other by span id. Bump `version` on any incompatible change.
 */
import type { ServiceEdge, SpanNode, TraceAnalysis } from '../types';

export const JSON_VERSION = 1;

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function jsonReport(analyses: readonly TraceAnalysis[], allEdges: readonly ServiceEdge[]): object {
  return { version: JSON_VERSION, traces: analyses.map(traceJson), serviceMap: allEdges.map(edgeJson) };
}

function traceJson(analysis: TraceAnalysis): object {
  const { trace, criticalPath, errorPath, breakdown, serviceMap } = analysis;
  const onPath = new Set(criticalPath.spans.map((entry) => entry.span));
  const ref = (span: SpanNode) => ({ spanId: span.record.spanId, name: span.record.name, service: span.record.service });
  const bottleneck = criticalPath.bottleneck;
  return {
    traceId: trace.traceId,
    startTimeUnixNano: trace.originUnixNano.toString(),
    durationMs: round(trace.root.end - trace.root.start),
    spanCount: trace.spans.length,
    services: [...new Set(trace.spans.map((span) => span.record.service))],
    error: trace.spans.some((span) => span.record.status === 'ERROR'),
    rootSpanId: trace.root.record.spanId,
    roots: trace.roots.map((root) => ({ spanId: root.record.spanId, missingParentSpanId: root.missingParentId ?? null })),
    spans: trace.spans.map((span) => spanJson(span, onPath.has(span), span === bottleneck?.span)),
    criticalPath: {
      durationMs: round(criticalPath.duration),
      spans: criticalPath.spans.map((entry) => ({
        ...ref(entry.span),
        selfMs: round(entry.time),
        share: criticalPath.duration > 0 ? round(entry.time / criticalPath.duration) : 0,
      })),
      segments: criticalPath.segments.map((segment) => ({
        spanId: segment.span.record.spanId,
        startMs: round(segment.start),
        endMs: round(segment.end),
      })),
    },
    bottleneck:
      bottleneck === undefined
        ? null
        : {
            ...ref(bottleneck.span),
            criticalMs: round(bottleneck.time),
            share: criticalPath.duration > 0 ? round(bottleneck.time / criticalPath.duration) : 0,
          },
    errorPath:
      errorPath === undefined
        ? null
        : {
            origin: { ...ref(errorPath.origin), endMs: round(errorPath.origin.adjEnd), message: errorPath.origin.record.statusMessage },
            propagatedTo: errorPath.propagatedTo.map(ref),
            otherErrors: errorPath.otherErrors.map(ref),
          },
    serviceBreakdown: breakdown.map((entry) => ({
      service: entry.service,
      selfMs: round(entry.selfTime),
      share: round(entry.share),
      spans: entry.spans,
    })),
    serviceMap: serviceMap.map(edgeJson),
  };
}

function spanJson(span: SpanNode, onCriticalPath: boolean, isBottleneck: boolean): object {
  const { record } = span;
  return {
    spanId: record.spanId,
    parentSpanId: record.parentSpanId ?? null,
    name: record.name,
    service: record.service,
    kind: record.kind,
    status: record.status,
    statusMessage: record.statusMessage,
    depth: span.depth,
    startMs: round(span.start),
    endMs: round(span.end),
    durationMs: round(span.end - span.start),
    selfMs: round(span.selfTime),
    skewShiftMs: round(span.skewShift),
    missingParent: span.missingParentId !== undefined,
    onCriticalPath,
    bottleneck: isBottleneck,
    attributes: record.attributes,
    events: record.events.map((event) => ({
      name: event.name,
      timeUnixNano: event.timeUnixNano.toString(),
      attributes: event.attributes,
    })),
  };
}

function edgeJson(edge: ServiceEdge): object {
  return {
    from: edge.from,
    to: edge.to,
    via: edge.via,
    calls: edge.calls,
    errors: edge.errors,
    errorRate: round(edge.errorRate),
    p50Ms: round(edge.p50),
    p99Ms: round(edge.p99),
  };
}
