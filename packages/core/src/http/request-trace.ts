/**
 * What an adapter hands the app as `req.tracewire` (Express), `ctx.state.tracewire` (Koa) or
 * `request.tracewire` (Fastify), and what ends the SERVER span when the response is over.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { formatTraceparent } from '../trace-context/traceparent';
import { SpanStatusCode, type RequestTrace, type Span, type TraceContext } from '../types';

/** Which response headers core sets for every request (fixed per adapter instance). */
export interface ResponseHeaderConfig {
  readonly traceResponse: boolean;
  /** the request-id header name when the id is echoed */
  readonly echoRequestIdAs: string | undefined;
}

export class RequestTraceImpl implements RequestTrace {
  readonly span: Span;
  readonly context: TraceContext;
  readonly requestId: string;
  readonly ignored: boolean;
  private readonly methodName: string;
  private readonly response: ServerResponse;
  private readonly headerConfig: ResponseHeaderConfig;
  private readonly resolveRoute: (() => string | undefined) | undefined;
  private route: string | undefined;
  private lastError: unknown;
  private lastErrorTime: number;
  private ended: boolean;

  constructor(
    span: Span,
    context: TraceContext,
    requestId: string,
    ignored: boolean,
    methodName: string,
    response: ServerResponse,
    headerConfig: ResponseHeaderConfig,
    resolveRoute: (() => string | undefined) | undefined,
  ) {
    this.span = span;
    this.context = context;
    this.requestId = requestId;
    this.ignored = ignored;
    this.methodName = methodName;
    this.response = response;
    this.headerConfig = headerConfig;
    this.resolveRoute = resolveRoute;
    this.route = undefined;
    this.lastError = undefined;
    this.lastErrorTime = 0;
    this.ended = false;
    // 'close' follows 'finish' on a completed response and comes alone when the connection drops
    // first: one listener tells both apart by writableFinished
    response.once('close', () => this.end());
  }

  get traceId(): string {
    return this.span.ids().traceId;
  }

  get spanId(): string {
    return this.span.ids().spanId;
  }

  get traceFlags(): string {
    return this.span.ids().traceFlags;
  }

  /**
   * The headers tracewire puts on the response (`traceresponse`, the echoed request id), for
   * frameworks that clear headers when they answer an error and must set them again. Built on
   * demand: the normal path never pays for it.
   */
  responseHeaders(): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    if (this.headerConfig.traceResponse) {
      const value = formatTraceparent(this.span.spanContext());
      if (value !== undefined) headers.traceresponse = value;
    }
    if (this.headerConfig.echoRequestIdAs !== undefined && this.requestId !== '') headers[this.headerConfig.echoRequestIdAs] = this.requestId;
    return headers;
  }

  /** The route template (e.g. `/users/:id`); adapters that know it early set it here. */
  setRoute(route: string): void {
    if (typeof route === 'string' && route !== '') this.route = route;
  }

  /**
   * Notes an exception the app threw. It becomes an `exception` event only if the request ends in
   * error (5xx or aborted): an exception the app handled into, say, a 422 was not unhandled
   * (SPEC-NOTES §4.7). The last error reported wins; the event keeps the time it was reported.
   */
  recordError(error: unknown): void {
    if (this.ended) return;
    this.lastError = error;
    this.lastErrorTime = Date.now();
  }

  /** Ends the span from the response's outcome; called on 'close', safe to call again. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const span = this.span;
    if (!span.isRecording()) return;
    let route = this.route;
    if (this.resolveRoute !== undefined) {
      try {
        route = this.resolveRoute() ?? route;
      } catch {
        // a route lookup must never cost the span
      }
    }
    if (route !== undefined) {
      span.setAttribute('http.route', route);
      span.updateName(`${this.methodName} ${route}`);
    }
    const res = this.response;
    if (res.writableFinished) {
      const status = res.statusCode;
      span.setAttribute('http.response.status_code', status);
      // a server span is an error on 5xx only; 4xx is the client's (SPEC-NOTES §5.3)
      if (status >= 500 || status < 100) {
        this.recordPendingError();
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    } else {
      // the connection closed before the response was complete: no or partial response (§5.3)
      if (res.headersSent) span.setAttribute('http.response.status_code', res.statusCode);
      this.recordPendingError();
      span.setAttribute('error.type', 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection closed before the response completed' });
    }
    span.end();
  }

  private recordPendingError(): void {
    if (this.lastError !== undefined) this.span.recordException(this.lastError, undefined, this.lastErrorTime);
  }
}
