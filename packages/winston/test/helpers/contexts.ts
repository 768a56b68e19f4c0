/**
 * Trace contexts with known ids for format tests, built through core's public API: an extracted
 * remote parent (its ids are the traceparent's), and SERVER + child spans of a private tracer.
 */
import { Baggage, SpanKind, createTracer, extract, run, withBaggage, withRequestId, type Span, type TraceContext } from '@tracewire/core';

/** The W3C spec's example ids; SPEC-NOTES §10's formats are checked against literal values of these. */
import { PARENT_ID as SPAN_ID, TRACE_ID } from '../../../../test-support/trace-ids';

export { SPAN_ID, TRACE_ID };

export function remote(flags = '01', traceId = TRACE_ID, spanId = SPAN_ID): TraceContext {
  return extract({ traceparent: `00-${traceId}-${spanId}-${flags}` });
}

/** A context carrying a request id and baggage, as the adapters build it. */
export function withRequestAndBaggage(context: TraceContext, requestId: string, baggage: string): TraceContext {
  return withBaggage(withRequestId(context, requestId), Baggage.parse(baggage));
}

const tracer = createTracer({ register: false, env: {} });

/** Runs `fn` inside a SERVER span continuing `parent`, then inside a child span of it. */
export function inServerAndChild(parent: TraceContext, fn: (where: 'server' | 'child', span: Span) => void): { server: Span; child: Span } {
  return tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.SERVER }, parent, (server) => {
    fn('server', server);
    const child = tracer.startActiveSpan('SELECT orders', (span) => {
      fn('child', span);
      return span;
    });
    return { server, child };
  });
}

export { run };
