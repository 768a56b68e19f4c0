/**
 * One outbound HTTP attempt, whoever makes it (fetch/undici or node:http): a CLIENT span started in
 * the caller's context, the trace headers injected when the destination may have them, and the
 * span ended with the response status or the network error (SPEC-NOTES §5.1, §5.3, §5.5).
 * Both instrumentations call only this, so spans look the same whichever client made the call.
 */
import {
  SpanKind,
  SpanStatusCode,
  active,
  getTracer,
  hasExternalContextSource,
  inject,
  normaliseMethod,
  redactQuery,
  withSpan,
  type Attributes,
  type CarrierSetter,
  type Span,
} from '@tracewire/core';
import type { OutboundConfig } from './config';
import type { LazyDestination, ParsedDestination } from './destination';

/** What an instrumentation keeps on the request object until the attempt ends. */
export interface ClientCall {
  readonly span: Span;
  statusCode: number | undefined;
}

/** `url.full` without sensitive query values (§5.6); fetch and http never put credentials in origin/path. */
function fullUrl(destination: ParsedDestination): string {
  const q = destination.path.indexOf('?');
  if (q === -1) return destination.origin + destination.path;
  return destination.origin + destination.path.slice(0, q + 1) + redactQuery(destination.path.slice(q + 1));
}

function clientAttributes(method: string, original: string, destination: ParsedDestination): Attributes {
  const attributes: Attributes = {
    'http.request.method': method,
    'server.address': destination.hostname,
    'server.port': destination.port,
    'url.full': fullUrl(destination),
  };
  if (original !== method) attributes['http.request.method_original'] = original;
  return attributes;
}

/**
 * Starts the attempt's span and injects into `carrier` through `setter`. Outside a trace (no
 * active span) or inside tracewire's own export traffic it does nothing and returns undefined:
 * no context is a normal state, and exporter requests are never traced (DESIGN §2). Nor while an
 * OpenTelemetry SDK owns the spans (otel-bridge's follow mode): its own client instrumentation
 * traces and injects, and a second span and header set would be duplicates.
 */
export function startClientCall<C>(
  config: OutboundConfig,
  rawMethod: string,
  destination: LazyDestination,
  carrier: C,
  setter: CarrierSetter<C>,
): ClientCall | undefined {
  const context = active();
  if (context === undefined || context.span === undefined || context.suppressTracing === true || hasExternalContextSource()) return undefined;
  const tracer = config.tracer ?? getTracer();
  const method = normaliseMethod(rawMethod, config.knownMethods);
  const span = tracer.startSpan(
    method === '_OTHER' ? 'HTTP' : method,
    { kind: SpanKind.CLIENT, attributes: tracer.recording ? clientAttributes(method, rawMethod, destination.get()) : undefined },
    context,
  );
  if (config.allowsEverywhere || config.allowHeaders(destination.get())) inject(withSpan(context, span), carrier, setter as CarrierSetter);
  return { span, statusCode: undefined };
}

export function recordStatus(call: ClientCall, statusCode: number): void {
  call.statusCode = statusCode;
}

/** A caller's own abort leaves the span Unset (§5.3); the error types fetch and http report for it. */
function isCallerAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

function errorType(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  return '_OTHER';
}

/** Ends the attempt: status from the response (4xx and 5xx are errors for a client), or the error. */
export function endClientCall(call: ClientCall, error?: unknown): void {
  const { span, statusCode } = call;
  if (span.isRecording()) {
    if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
    if (error !== undefined && !isCallerAbort(error)) {
      span.setAttribute('error.type', errorType(error));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { message?: string } | null)?.message });
    } else if (statusCode !== undefined && (statusCode >= 400 || statusCode < 100)) {
      span.setAttribute('error.type', String(statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}
