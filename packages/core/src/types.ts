/**
 * Public types of @tracewire/core. Every exported name here is part of the API: change with care.
 * Modules implement these; adapters and exporters program against them only.
 */

// ---------------------------------------------------------------------------------------------
// Identity and context
// ---------------------------------------------------------------------------------------------

/** W3C trace-flags bits (test with a mask, never compare the whole byte). */
export const TraceFlags = {
  NONE: 0x00,
  SAMPLED: 0x01,
  /** Level 2: the right-most 7 bytes of the trace id are random. */
  RANDOM: 0x02,
} as const;

/** What crosses process boundaries: ids, flags and vendor state. */
export interface SpanContext {
  /** 32 lowercase hex characters, never all zeros. */
  readonly traceId: string;
  /** 16 lowercase hex characters, never all zeros. */
  readonly spanId: string;
  /** 8-bit W3C trace-flags; only SAMPLED and RANDOM are ever set on output. */
  readonly traceFlags: number;
  readonly traceState?: TraceStateLike;
  /** true when extracted from a carrier (the span lives in another process). */
  readonly isRemote?: boolean;
}

/** Immutable W3C tracestate (see `TraceState` in trace-context/tracestate.ts). */
export interface TraceStateLike {
  get(key: string): string | undefined;
  /** Returns a new state with key first (added or moved left); invalid input returns `this`. */
  set(key: string, value: string): TraceStateLike;
  unset(key: string): TraceStateLike;
  /** Serialised for the wire: `,`-joined, no OWS, truncated to 512 chars per SPEC-NOTES §2.3. */
  serialize(): string;
  readonly size: number;
}

/** One W3C baggage member; `metadata` is the opaque property string (without leading `;`). */
export interface BaggageEntry {
  readonly value: string;
  readonly metadata?: string;
}

/** Immutable W3C baggage (see `Baggage` in baggage/baggage.ts). */
export interface BaggageLike {
  get(key: string): BaggageEntry | undefined;
  getAll(): ReadonlyArray<readonly [string, BaggageEntry]>;
  set(key: string, value: string, metadata?: string): BaggageLike;
  delete(key: string): BaggageLike;
  serialize(): string;
  readonly size: number;
}

/**
 * What the process-wide store holds while code runs "inside" a trace. Immutable: derive a new one
 * with `withSpan`/`withBaggage` rather than mutating. Absent (`undefined`) is a normal state.
 */
export interface TraceContext {
  /** The active span; for a freshly extracted remote context, a non-recording span wrapping it. */
  readonly span?: Span;
  readonly baggage?: BaggageLike;
  /** The request id (incoming `x-request-id` or generated) set by the server adapters. */
  readonly requestId?: string;
  /** true while tracewire's own export traffic runs: instrumentation must not trace or inject. */
  readonly suppressTracing?: boolean;
  /** Extension slots for adapters (request id, ...), keyed by symbol to avoid clashes. */
  readonly values?: ReadonlyMap<symbol, unknown>;
}

/** What loggers read: the ids of the active span, formatted once per span. */
export interface CurrentIds {
  readonly traceId: string;
  readonly spanId: string;
  /** 2 lowercase hex characters, e.g. `01`. */
  readonly traceFlags: string;
  readonly sampled: boolean;
  /** span id of the local root (the service's entry span), for ECS `transaction.id`. */
  readonly localRootSpanId: string;
}

// ---------------------------------------------------------------------------------------------
// Spans
// ---------------------------------------------------------------------------------------------

export const SpanKind = {
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP numbering. */
export const SpanStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type SpanStatusCode = (typeof SpanStatusCode)[keyof typeof SpanStatusCode];

export interface SpanStatus {
  readonly code: SpanStatusCode;
  /** Only kept for ERROR. */
  readonly message?: string;
}

export type AttributePrimitive = string | number | boolean;
export type AttributeValue =
  | AttributePrimitive
  | ReadonlyArray<string | null | undefined>
  | ReadonlyArray<number | null | undefined>
  | ReadonlyArray<boolean | null | undefined>;
export type Attributes = Record<string, AttributeValue | undefined>;

/**
 * A timestamp: milliseconds since the Unix epoch with a fractional part (≈0.25 µs resolution),
 * or a `Date`. Internally always a number; `toUnixNanoString` renders the OTLP form exactly.
 */
export type TimeInput = number | Date;

export interface SpanEvent {
  readonly name: string;
  /** epoch milliseconds, fractional */
  readonly time: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly droppedAttributesCount: number;
}

export interface Link {
  readonly context: SpanContext;
  readonly attributes?: Attributes;
}

export interface ReadableLink {
  readonly context: SpanContext;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly droppedAttributesCount: number;
}

/** The writable face of a span. Every method is safe to call after `end()` (it is then ignored). */
export interface Span {
  spanContext(): SpanContext;
  isRecording(): boolean;
  setAttribute(key: string, value: AttributeValue | undefined): this;
  setAttributes(attributes: Attributes): this;
  addEvent(name: string, attributes?: Attributes, time?: TimeInput): this;
  addLink(link: Link): this;
  /** Adds an `exception` event (type, message, stacktrace). Does not set status: call setStatus too. */
  recordException(exception: unknown, attributes?: Attributes, time?: TimeInput): this;
  setStatus(status: SpanStatus): this;
  updateName(name: string): this;
  end(endTime?: TimeInput): void;
  /** The ids formatted for log lines; cached per span. */
  ids(): CurrentIds;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
}

export interface Resource {
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** The read-only face processors and exporters see once a span has ended. */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  /** A method, as on `Span`, so one object can be both faces. */
  spanContext(): SpanContext;
  readonly parentSpanId?: string;
  /** undefined for roots; true when the parent came from another process. */
  readonly parentIsRemote?: boolean;
  /** epoch milliseconds, fractional */
  readonly startTime: number;
  /** epoch milliseconds, fractional; equals startTime until the span ends */
  readonly endTime: number;
  readonly ended: boolean;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly SpanEvent[];
  readonly links: readonly ReadableLink[];
  readonly status: SpanStatus;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** span id of this process's entry span for the trace (itself when it is the local root). */
  readonly localRootSpanId: string;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  startTime?: TimeInput;
  /** Start a new trace even if the context holds a span. */
  root?: boolean;
}

export interface SpanLimits {
  /** default 128 */
  attributeCountLimit?: number;
  /** default: no limit */
  attributeValueLengthLimit?: number;
  /** default 128 */
  eventCountLimit?: number;
  /** default 128 */
  linkCountLimit?: number;
  /** default 128 */
  attributePerEventCountLimit?: number;
  /** default 128 */
  attributePerLinkCountLimit?: number;
}

// ---------------------------------------------------------------------------------------------
// Sampling
// ---------------------------------------------------------------------------------------------

export const SamplingDecision = { DROP: 0, RECORD_ONLY: 1, RECORD_AND_SAMPLE: 2 } as const;
export type SamplingDecision = (typeof SamplingDecision)[keyof typeof SamplingDecision];

export interface SamplingParameters {
  /** The parent span's context, if any (remote or local). */
  readonly parent: SpanContext | undefined;
  /** The trace id the new span will have (the parent's when valid). */
  readonly traceId: string;
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly links: readonly Link[];
  /** The whole context the span is started in (baggage, extension values). */
  readonly context: TraceContext | undefined;
}

export interface SamplingResult {
  readonly decision: SamplingDecision;
  readonly attributes?: Attributes;
  /** Replaces the span's tracestate; return the parent's unless you mean to change it. */
  readonly traceState?: TraceStateLike;
}

export interface Sampler {
  shouldSample(params: SamplingParameters): SamplingResult;
  /** e.g. `AlwaysOnSampler`, `TraceIdRatioBased{0.25}`, `ParentBased{root=AlwaysOnSampler,...}` */
  toString(): string;
}

// ---------------------------------------------------------------------------------------------
// Processing and export
// ---------------------------------------------------------------------------------------------

export const ExportResultCode = { SUCCESS: 0, FAILED: 1 } as const;
export type ExportResultCode = (typeof ExportResultCode)[keyof typeof ExportResultCode];

export interface ExportResult {
  readonly code: ExportResultCode;
  readonly error?: Error;
}

/** Ships finished spans. Never called concurrently by tracewire; must not block indefinitely. */
export interface SpanExporter {
  export(spans: readonly ReadableSpan[]): Promise<ExportResult>;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The outcome of `forceFlush`/`shutdown`: these never reject. */
export interface FlushResult {
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly error?: Error;
}

/** Called synchronously from `startSpan`/`end()`: must not block or throw. */
export interface SpanProcessor {
  onStart(span: ReadableSpan, parentContext: TraceContext | undefined): void;
  onEnd(span: ReadableSpan): void;
  forceFlush(timeoutMillis?: number): Promise<FlushResult>;
  shutdown(timeoutMillis?: number): Promise<FlushResult>;
  /** Export counters; the tracer's `stats()` sums those of processors that have them. */
  stats?(): ExportStats;
}

export interface BatchSpanProcessorOptions {
  /** default 2048 (`OTEL_BSP_MAX_QUEUE_SIZE`) */
  maxQueueSize?: number;
  /** default 512 (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`); clamped to maxQueueSize */
  maxExportBatchSize?: number;
  /** default 5000 ms (`OTEL_BSP_SCHEDULE_DELAY`) */
  scheduledDelayMillis?: number;
  /** default 30000 ms (`OTEL_BSP_EXPORT_TIMEOUT`); 0 = no limit */
  exportTimeoutMillis?: number;
}

/** Counters a tracer exposes; monotonic over the tracer's life. */
export interface ExportStats {
  /** spans handed to an exporter that reported success */
  exported: number;
  /** spans dropped because the queue was full */
  dropped: number;
  /** spans in batches the exporter reported as failed (or that timed out) */
  failed: number;
}

// ---------------------------------------------------------------------------------------------
// Propagation
// ---------------------------------------------------------------------------------------------

/** Reads from any carrier. Must be case-insensitive for HTTP headers. */
export interface CarrierGetter<C = unknown> {
  get(carrier: C, key: string): string | string[] | undefined;
  keys(carrier: C): string[];
}

export interface CarrierSetter<C = unknown> {
  set(carrier: C, key: string, value: string): void;
}

export interface TextMapPropagator {
  /** Writes the context's fields into the carrier. Never throws. */
  inject(context: TraceContext | undefined, carrier: unknown, setter: CarrierSetter): void;
  /**
   * Returns `context` extended with what the carrier holds, or `context` unchanged when the
   * carrier holds nothing valid. Never throws.
   */
  extract(context: TraceContext | undefined, carrier: unknown, getter: CarrierGetter): TraceContext | undefined;
  /** Header names this propagator reads and writes (lowercase). */
  fields(): readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Tracer
// ---------------------------------------------------------------------------------------------

export type ExporterName = 'none' | 'console' | 'jsonl' | (string & {});

export interface TracerOptions {
  /** `OTEL_SERVICE_NAME`; default `unknown_service:node` */
  serviceName?: string;
  serviceVersion?: string;
  /** Merged over `OTEL_RESOURCE_ATTRIBUTES` (code wins). */
  resourceAttributes?: Record<string, AttributeValue>;
  /** `OTEL_TRACES_SAMPLER`/`_ARG`; default parentBased({ root: alwaysOn() }) */
  sampler?: Sampler;
  /**
   * Where spans go (`OTEL_TRACES_EXPORTER`): a name, an exporter instance, or a list of them.
   * Default none: tracewire propagates and correlates logs without exporting (documented deviation
   * from the OTel default `otlp`).
   */
  exporter?: ExporterName | SpanExporter | Array<ExporterName | SpanExporter>;
  /** Extra processors; exporters above are wrapped in a BatchSpanProcessor each. */
  spanProcessors?: SpanProcessor[];
  /** `OTEL_BSP_*` */
  batch?: BatchSpanProcessorOptions;
  /** `OTEL_SPAN_*_LIMIT`, `OTEL_ATTRIBUTE_*_LIMIT` */
  spanLimits?: SpanLimits;
  /**
   * `OTEL_PROPAGATORS`: names (`tracecontext`, `baggage`, `none`, or registered ones) or
   * propagator objects, in order. Propagation is process-wide, so this takes effect when the
   * tracer registers (`register`, default true).
   */
  propagators?: Array<string | TextMapPropagator>;
  /** `OTEL_SDK_DISABLED`: no spans are recorded; propagation still works. */
  disabled?: boolean;
  /** Path of the JSONL exporter's file (`TRACEWIRE_JSONL_FILE`), default `./tracewire-spans.jsonl`. */
  jsonlFile?: string;
  /** Instrumentation scope reported on spans; default `{ name: '@tracewire/core', version }`. */
  scope?: InstrumentationScope;
  /**
   * Make this the process-wide tracer that adapters use when given none (default true; the last
   * registered tracer wins). Pass false for a private tracer.
   */
  register?: boolean;
  /** Environment to read (default `process.env`); mainly for tests. */
  env?: Record<string, string | undefined>;
}

export interface Tracer {
  readonly resource: Resource;
  readonly sampler: Sampler;
  /**
   * false when no span can record (disabled, shut down, or no exporter/processor: propagate-only),
   * so instrumentation can skip building attributes nobody will read.
   */
  readonly recording: boolean;
  /** Starts a span as a child of `context` (default: the active context). Never throws. */
  startSpan(name: string, options?: SpanOptions, context?: TraceContext): Span;
  /**
   * Starts a span, runs `fn` with it active, and ends it when `fn` returns, throws, or (for a
   * promise) settles. An exception marks the span ERROR and is rethrown unchanged.
   */
  startActiveSpan<R>(name: string, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, options: SpanOptions, fn: (span: Span) => R): R;
  startActiveSpan<R>(name: string, options: SpanOptions, context: TraceContext | undefined, fn: (span: Span) => R): R;
  forceFlush(timeoutMillis?: number): Promise<FlushResult>;
  /** Idempotent: a second call returns the first call's result. */
  shutdown(timeoutMillis?: number): Promise<FlushResult>;
  stats(): ExportStats;
}

// ---------------------------------------------------------------------------------------------
// HTTP servers (shared by the framework adapters)
// ---------------------------------------------------------------------------------------------

/** Options every server adapter accepts (`tracewire(options)`). */
export interface HttpServerTracingOptions {
  /** Default: the process-wide tracer (`getTracer()`), looked up per request. */
  tracer?: Tracer;
  /**
   * Paths (exact, starting with `/`) or RegExps that get context and log ids but no recorded
   * span. Added to the defaults `/health`, `/healthz`, `/readyz`, `/livez`, `/metrics`.
   */
  ignorePaths?: Array<string | RegExp>;
  /** Use `ignorePaths` instead of the defaults rather than in addition. Default false. */
  replaceDefaultIgnorePaths?: boolean;
  /** Send the W3C Level 2 `traceresponse` header. Default true. */
  traceResponseHeader?: boolean;
  /** Header carrying the request id (honoured when valid, generated otherwise); false = none. Default `x-request-id`. */
  requestIdHeader?: string | false;
  /** Echo the request id on the response under `requestIdHeader`. Default false. */
  echoRequestId?: boolean;
  /** Believe `Forwarded`/`X-Forwarded-*` for scheme, host and client address. Default: the framework's own trust-proxy setting. */
  trustProxy?: boolean;
  /** Methods recorded as-is; others become `_OTHER` (`OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS`). */
  knownMethods?: string[];
  /** Ignore incoming trace headers (a trust boundary): every request starts a new trace. Default false. */
  restartIncomingTraces?: boolean;
  /** Environment to read (default `process.env`); mainly for tests. */
  env?: Record<string, string | undefined>;
}

/** One request's trace, as adapters expose it to handlers (`req.tracewire` and the like). */
export interface RequestTrace {
  /** The SERVER span (non-recording for ignored or unsampled requests; ids always valid). */
  readonly span: Span;
  /** The context the request runs in: pass it to `run()` to re-enter it from a detached callback. */
  readonly context: TraceContext;
  readonly traceId: string;
  readonly spanId: string;
  /** 2 lowercase hex characters. */
  readonly traceFlags: string;
  /** The request id ('' when request ids are switched off). */
  readonly requestId: string;
  /** true when the path is on the ignore list. */
  readonly ignored: boolean;
  /**
   * The headers tracewire sets on the response (`traceresponse`, an echoed request id), for an
   * adapter whose framework clears headers when it answers an error.
   */
  responseHeaders(): Record<string, string | number | string[] | undefined>;
  /** Sets the route template (`/users/:id`) when the adapter knows it before the response ends. */
  setRoute(route: string): void;
  /** Records an exception thrown by the app on the SERVER span (once per error object). */
  recordError(error: unknown): void;
}

// ---------------------------------------------------------------------------------------------
// Sampling that keeps what matters: rate-limited, adaptive and tail-based (tracewire extensions)
// ---------------------------------------------------------------------------------------------

/** Counters of a head sampler that keeps a share (`rateLimited`, `adaptive`); monotonic. */
export interface HeadSamplerStats {
  /** decisions RECORD_AND_SAMPLE */
  sampled: number;
  /** decisions DROP */
  dropped: number;
}

export interface RateLimitedSamplerOptions {
  /** New traces let through per second, on average (> 0). */
  perSecond: number;
  /**
   * How many may pass back to back after a quiet spell: the token bucket's size (≥ 1). Default
   * max(1, perSecond / 10), i.e. a tenth of a second's worth, so the rate stays smooth.
   */
  burst?: number;
  /** Monotonic milliseconds; default the span clock. For tests. */
  clock?: () => number;
}

export interface RateLimitedSampler extends Sampler {
  stats(): HeadSamplerStats;
}

export interface AdaptiveSamplerOptions {
  /** Traces per second to aim for (> 0). */
  perSecond: number;
  /** Floor: the ratio never goes below this, whatever the traffic. Default 0 (no floor). */
  minRatio?: number;
  /** Ceiling: the ratio never goes above this. Default 1; also the ratio before the first window closes. */
  maxRatio?: number;
  /** How often the ratio is recomputed from the traffic seen, in ms (> 0). Default 1000. */
  windowMillis?: number;
  /** Monotonic milliseconds; default the span clock. For tests. */
  clock?: () => number;
}

export interface AdaptiveSamplerStats extends HeadSamplerStats {
  /** The ratio deciding now. */
  ratio: number;
  /** The traffic estimate (decisions asked per second) behind `ratio`; undefined before the first window closed. */
  observedPerSecond: number | undefined;
}

export interface AdaptiveSampler extends Sampler {
  stats(): AdaptiveSamplerStats;
}

/** Why the tail sampler kept a local trace: the first rule that matched, in this order. */
export type TailSamplingReason = 'error' | 'slow' | 'attribute' | 'probabilistic';

/** An attribute value to look for: equal to a primitive, or (for strings) matching a RegExp. */
export type AttributeMatch = string | number | boolean | RegExp;

/** What makes a local trace worth keeping; any one rule that matches keeps it. */
export interface TailSamplingRules {
  /** Keep when any span of the local trace has status ERROR. Default true. */
  errors?: boolean;
  /** Keep when the local root lasted at least this many ms. Default: no such rule. */
  slowMillis?: number;
  /** Keep when any span carries one of these attributes with a matching value (any of a list). */
  attributes?: Readonly<Record<string, AttributeMatch | readonly AttributeMatch[]>>;
  /** Keep this share of the other local traces, by the trace id (the `traceIdRatio` rule). Default 0. */
  ratio?: number;
}

export interface TailSamplingProcessorOptions {
  /** Where kept spans go (e.g. a BatchSpanProcessor); every span's onStart is passed on too. */
  next: SpanProcessor | readonly SpanProcessor[];
  rules?: TailSamplingRules;
  /** Local traces held at most; beyond it the oldest is decided early. Default 5000. */
  maxTraces?: number;
  /** Ended spans held at most, over all traces; beyond it the oldest traces are decided early. Default 20000. */
  maxSpans?: number;
  /** A trace whose local root has not ended this long after its first held span is decided without it. Default 30000 ms. */
  timeoutMillis?: number;
}

/** What the tail sampler decided; counts are monotonic except the two `held*` gauges. */
export interface TailSamplingCounters {
  /** local traces kept, by reason */
  kept: Record<TailSamplingReason, number>;
  /** local traces no rule kept */
  dropped: number;
  /** spans passed on to `next` / discarded */
  spansKept: number;
  spansDropped: number;
  /** traces decided because their local root had not ended within `timeoutMillis` */
  timedOut: number;
  /** traces decided early to stay within `maxTraces`/`maxSpans` (the overflow policy) */
  evicted: number;
  /** traces and spans held now, waiting for their local root */
  heldTraces: number;
  heldSpans: number;
}

/** The export counters of `next` (summed), plus the tail sampler's own under `sampling`. */
export interface TailSamplingStats extends ExportStats {
  sampling: TailSamplingCounters;
}
