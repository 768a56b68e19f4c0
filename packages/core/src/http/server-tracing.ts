/**
 * The server side of one HTTP request, shared by every framework adapter: continue (or start) the
 * trace, open the SERVER span, give the request its context (span, baggage, request id), keep the
 * context on `req`/`res` listeners, answer with `traceresponse`, and end the span when the
 * response finishes or the connection drops — named after the route the framework matched.
 * Adapters only tell it the route and the errors they see (SPEC-NOTES §5; DESIGN §2).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTracer } from '../create-tracer';
import { ROOT_CONTEXT, bindEmitter, externalContext, withSpan } from '../context/store';
import { invalidOption } from '../errors';
import { generateSpanId, generateTraceId } from '../ids';
import { extract } from '../propagation/api';
import { incomingHeadersGetter } from '../propagation/carriers';
import { NonRecordingSpan } from '../trace/non-recording-span';
import {
  SpanKind,
  TraceFlags,
  type CarrierGetter,
  type HttpServerTracingOptions,
  type RequestTrace,
  type Span,
  type TraceContext,
  type Tracer,
} from '../types';
import { createIgnoreMatcher, type IgnorePathMatcher } from './ignore-paths';
import { knownMethodsFrom, requestAttributes, requestTarget } from './request-attributes';
import { resolveRequestId } from './request-id';
import { RequestTraceImpl, type ResponseHeaderConfig } from './request-trace';

export interface StartOptions {
  /** The matched route template, asked for once the response ends (frameworks know it late). */
  route?: () => string | undefined;
  /** Whether forwarding headers may be believed (the framework's trust-proxy setting). */
  trustProxy?: boolean;
}

export interface HttpServerTracing {
  /** Call once per request, before the app's own code; run the rest inside `trace.context`. */
  start(req: IncomingMessage, res: ServerResponse, options?: StartOptions): RequestTrace;
}

function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw invalidOption(name, value, 'true or false');
}

/** Validates options once (bad ones throw here, at setup) and returns the per-request starter. */
export function createHttpServerTracing(options: HttpServerTracingOptions = {}): HttpServerTracing {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  for (const name of ['traceResponseHeader', 'echoRequestId', 'trustProxy', 'replaceDefaultIgnorePaths', 'restartIncomingTraces'] as const) {
    checkBoolean(name, options[name]);
  }
  const tracerOption = options.tracer;
  if (tracerOption !== undefined && typeof tracerOption?.startSpan !== 'function') throw invalidOption('tracer', tracerOption, 'a tracer from createTracer()');
  const requestIdHeader = options.requestIdHeader ?? 'x-request-id';
  if (requestIdHeader !== false && (typeof requestIdHeader !== 'string' || !/^[A-Za-z0-9-]+$/.test(requestIdHeader))) {
    throw invalidOption('requestIdHeader', requestIdHeader, 'a header name or false');
  }
  const ignorePath: IgnorePathMatcher = createIgnoreMatcher(options.ignorePaths, options.replaceDefaultIgnorePaths === true);
  const config: ServerConfig = {
    tracer: tracerOption,
    knownMethods: knownMethodsFrom(options.knownMethods, options.env ?? process.env),
    ignorePath,
    requestIdHeader: requestIdHeader === false ? undefined : requestIdHeader.toLowerCase(),
    trustProxy: options.trustProxy,
    restartIncoming: options.restartIncomingTraces === true,
    responseHeaders: {
      traceResponse: options.traceResponseHeader !== false,
      echoRequestIdAs: options.echoRequestId === true && requestIdHeader !== false ? requestIdHeader.toLowerCase() : undefined,
    },
  };
  return { start: (req, res, startOptions) => startRequest(config, req, res, startOptions) };
}

interface ServerConfig {
  tracer: Tracer | undefined;
  knownMethods: ReadonlySet<string>;
  ignorePath: IgnorePathMatcher;
  requestIdHeader: string | undefined;
  trustProxy: boolean | undefined;
  restartIncoming: boolean;
  responseHeaders: ResponseHeaderConfig;
}

/**
 * An ignored request still gets ids (logs and downstream calls correlate) but records nothing;
 * its sampled bit is cleared because this participant did not record (§1.4).
 */
function ignoredSpan(parent: TraceContext): Span {
  const remote = parent.span?.spanContext();
  return new NonRecordingSpan({
    traceId: remote?.traceId ?? generateTraceId(),
    spanId: generateSpanId(),
    traceFlags: remote === undefined ? TraceFlags.RANDOM : remote.traceFlags & TraceFlags.RANDOM,
    traceState: remote?.traceState,
    isRemote: false,
  });
}

function startRequest(config: ServerConfig, req: IncomingMessage, res: ServerResponse, options: StartOptions | undefined): RequestTrace {
  // the user's explicit option wins over what the adapter reads from the framework
  const trustProxy = config.trustProxy ?? options?.trustProxy ?? false;
  const tracer = config.tracer ?? getTracer();
  const target = requestTarget(req, config.knownMethods);
  // another tracer (an OpenTelemetry SDK) already opened this request's SERVER span: continue it
  const adopted = externalContext();
  const parent = adopted ?? (config.restartIncoming ? ROOT_CONTEXT : extract(req.headers, incomingHeadersGetter as CarrierGetter));
  const ignored = config.ignorePath(target.path);
  const spanName = target.method === '_OTHER' ? 'HTTP' : target.method;
  const span = adopted !== undefined
    ? adopted.span!
    : ignored
    ? ignoredSpan(parent)
    : tracer.startSpan(
        spanName,
        { kind: SpanKind.SERVER, attributes: tracer.recording ? requestAttributes(req, target, trustProxy) : undefined },
        parent,
      );
  const requestId = config.requestIdHeader === undefined ? undefined : resolveRequestId(req.headers[config.requestIdHeader]);
  const context = withSpan(parent, span, requestId);

  const trace = new RequestTraceImpl(span, context, requestId ?? '', ignored, spanName, res, config.responseHeaders, options?.route);
  if (!res.headersSent && (config.responseHeaders.traceResponse || config.responseHeaders.echoRequestIdAs !== undefined)) {
    const headers = trace.responseHeaders();
    for (const name in headers) res.setHeader(name, headers[name]!);
  }
  // listeners of req ('data', 'end', 'aborted') and res ('finish', 'close') run in the request's
  // context whoever emits them: one wrapper per emitter, not one per listener (DESIGN §6)
  bindEmitter(req, context);
  bindEmitter(res, context);
  return trace;
}
