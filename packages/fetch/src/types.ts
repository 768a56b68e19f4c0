/** Public types of @tracewire/fetch. */
import type { Tracer } from '@tracewire/core';

/**
 * Where trace headers may go. A string without a scheme matches the host (`api.internal`,
 * `api.internal:8443`, `*.internal`); with a scheme it matches the origin (`https://api.example.com`,
 * `http://127.0.0.1:*`). `*` stands for any run of characters. A RegExp is tested against the full
 * URL; a function gets the URL and returns true to allow.
 */
export type PropagateTarget = string | RegExp | ((url: URL) => boolean);

export interface OutboundOptions {
  /**
   * Hosts/origins that receive `traceparent`, `tracestate`, `baggage` (and any other configured
   * format). Default: every destination. Requests elsewhere still get a CLIENT span, never headers.
   */
  propagateTo?: PropagateTarget | PropagateTarget[];
  /** Instrument `fetch` and the npm `undici` package (through undici's diagnostics channels). Default true. */
  fetch?: boolean;
  /** Instrument `node:http` / `node:https` `request` and `get`. Default true. */
  http?: boolean;
  /** Default: the process-wide tracer (`getTracer()`), looked up per request. */
  tracer?: Tracer;
  /** Methods recorded as-is; others become `_OTHER` (`OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS`). */
  knownMethods?: string[];
  /** Environment to read (default `process.env`); mainly for tests. */
  env?: Record<string, string | undefined>;
}

/** What the server adapters' `outbound` option takes: false switches outbound instrumentation off. */
export type OutboundOption = boolean | OutboundOptions;

/** The process-wide outbound instrumentation, as `instrumentOutbound()` returns it. */
export interface OutboundInstrumentation {
  /** Whether outbound requests are being instrumented now. */
  readonly enabled: boolean;
  /** Stops instrumenting (channels unsubscribed, `http.request`/`get` restored when still ours). */
  disable(): void;
}
