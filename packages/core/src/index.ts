// Export list only (DESIGN §3). Grouped by concept; every name here is public API.

// Types and constants of the model
export * from './types';
export { TracewireError, invalidOption, type TracewireErrorCode } from './errors';
export { setDiagLogger, setErrorHandler, reportError, type DiagLogger, type ErrorHandler } from './diag';

// Context: the one process-wide store
export {
  ROOT_CONTEXT,
  active,
  activeSpan,
  currentIds,
  run,
  bind,
  bindEmitter,
  withSpan,
  withBaggage,
  withRequestId,
  withValue,
  suppressTracing,
  isTracingSuppressed,
  setExternalContextSource,
  hasExternalContextSource,
  externalContext,
} from './context/store';
export type { ExternalContextSource } from './context/registry';

// Ids and time
export { generateTraceId, generateSpanId, isValidTraceId, isValidSpanId } from './ids';
export { toUnixNanoString } from './trace/clock';

// W3C codecs
export { parseTraceparent, formatTraceparent } from './trace-context/traceparent';
export { TraceState } from './trace-context/tracestate';
export { Baggage } from './baggage/baggage';

// Propagation
export { extract, inject, getPropagator, setPropagator } from './propagation/api';
export { createPropagator, registerPropagator } from './propagation/by-name';
export { CompositePropagator } from './propagation/composite';
export { W3CTraceContextPropagator } from './propagation/w3c-trace-context';
export { W3CBaggagePropagator } from './propagation/w3c-baggage';
export { B3Propagator, type B3PropagatorOptions } from './propagation/b3';
export { JaegerPropagator } from './propagation/jaeger';
export { LegacyTraceIdPropagator } from './propagation/legacy-trace-id';
export { defaultGetter, defaultSetter, incomingHeadersGetter } from './propagation/carriers';

// Tracer
export { createTracer, getTracer, setTracer } from './create-tracer';
export { shutdownOnExit, type ShutdownOnExitOptions } from './shutdown-on-exit';
export { NonRecordingSpan } from './trace/non-recording-span';

// HTTP servers: what the framework adapters share
export { createHttpServerTracing, type HttpServerTracing, type StartOptions } from './http/server-tracing';
export { DEFAULT_IGNORED_PATHS } from './http/ignore-paths';
export { isValidRequestId } from './http/request-id';
export { redactQuery, normaliseMethod, knownMethodsFrom } from './http/request-attributes';

// Log correlation: what the pino and winston integrations share
export { createLogFields, hexToDecimal64, type LogFieldPreset, type LogFields, type LogFieldsOptions } from './logs/log-fields';

// Samplers
export { alwaysOn } from './sampling/always-on';
export { alwaysOff } from './sampling/always-off';
export { traceIdRatio } from './sampling/trace-id-ratio';
export { parentBased, type ParentBasedOptions } from './sampling/parent-based';
export { rateLimited } from './sampling/rate-limited';
export { adaptive } from './sampling/adaptive';

// Processing and export
export { SimpleSpanProcessor } from './processing/simple-span-processor';
export { BatchSpanProcessor } from './processing/batch-span-processor';
export { TailSamplingProcessor } from './processing/tail-sampling-processor';
export { SAMPLING_REASON_ATTRIBUTE } from './processing/tail-rules';
export { ConsoleSpanExporter, type ConsoleSpanExporterOptions } from './export/console-exporter';
export { InMemorySpanExporter, type InMemorySpanExporterOptions } from './export/in-memory-exporter';
export { JsonlSpanExporter, type JsonlSpanExporterOptions, type JsonlSpanLine } from './export/jsonl-exporter';
export { registerExporter } from './config/exporters';
// Env readers and once-per-key warnings, for exporter packages (SPEC-NOTES 0.6: same rules everywhere)
export { readString, readInteger, readEnum, warnInvalidEnv, type Env } from './config/env';
export { warnOnce, resetWarning } from './diag';
export type { ExporterFactory } from './context/registry';
export {
  toOtlpAnyValue,
  toOtlpKeyValues,
  toOtlpResource,
  toOtlpScope,
  toOtlpSpan,
  toExportTraceServiceRequest,
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpStatus,
  type OtlpEvent,
  type OtlpLink,
  type OtlpSpan,
  type OtlpResource,
  type OtlpScope,
  type OtlpScopeSpans,
  type OtlpResourceSpans,
  type OtlpExportTraceServiceRequest,
} from './export/otlp-json';
// HTTP delivery: what the OTLP and Zipkin exporters share (SPEC-NOTES 7.5, 8.1)
export { HttpDelivery } from './export/http-delivery/http-delivery';
export type { HttpDeliveryOptions, HttpSendOptions, HttpAttempt, HttpDeliveryResult, HttpDeliveryStop } from './export/http-delivery/types';
