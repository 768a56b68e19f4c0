/**
 * A "library" written only against @opentelemetry/api, as database clients and SDKs are: it knows
 * nothing of tracewire. The bridge tests call it from inside tracewire-served requests.
 */
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('fake-db-client', '1.2.3');

export interface QueryResult {
  /** the span id `trace.getActiveSpan()` saw inside the query */
  activeInside: string | undefined;
  /** headers `propagation.inject` wrote inside the query */
  headersInside: Record<string, string>;
}

export function query(sql: string, fail = false): Promise<QueryResult> {
  return tracer.startActiveSpan('db.query', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'fakedb', 'db.query.text': sql } }, async (span) => {
    try {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const headersInside: Record<string, string> = {};
      propagation.inject(context.active(), headersInside);
      if (fail) throw new Error('connection reset');
      return { activeInside: trace.getActiveSpan()?.spanContext().spanId, headersInside };
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What OpenTelemetry code sees of the current context, outside any span of its own. */
export function observe(): { activeSpanId: string | undefined; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return { activeSpanId: trace.getActiveSpan()?.spanContext().spanId, headers };
}
