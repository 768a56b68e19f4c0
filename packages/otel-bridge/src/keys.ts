/**
 * The context keys @opentelemetry/api uses. The API creates them with `Symbol.for(description)`
 * (so every installed copy agrees), which lets the bridge recognise them without private imports.
 */
export const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
export const OTEL_BAGGAGE_KEY = Symbol.for('OpenTelemetry Baggage Key');
/** @opentelemetry/core's key: exporters and instrumentations mark their own traffic with it. */
export const OTEL_SUPPRESS_KEY = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
