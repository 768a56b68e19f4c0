'use strict';
// OpenTelemetry JS set up the way its Node.js getting-started docs recommend, as a file loaded
// with `node --require` before the app: a NodeTracerProvider (AsyncLocalStorage context manager,
// W3C trace-context + baggage propagators), a BatchSpanProcessor with default settings in front of
// the OTLP/HTTP protobuf exporter, and the instrumentations for http, the framework and pino.
//
// Read from the environment (set by the harness): BENCH_FRAMEWORK, BENCH_OTLP_URL.
// pino's instrumentation only injects the ids into log lines (disableLogSending): sending every
// record to the Logs API as well is its default, but tracewire does not do that job, so leaving it
// on would make OpenTelemetry look slower than the same job costs it.

const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino');

const framework = process.env.BENCH_FRAMEWORK;

function frameworkInstrumentation() {
  if (framework === 'express') return new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)();
  if (framework === 'koa') return new (require('@opentelemetry/instrumentation-koa').KoaInstrumentation)();
  // Fastify 5: the Fastify team's @fastify/otel, which OpenTelemetry's registry now points to
  // (instrumentation-fastify is deprecated and stops at Fastify 4)
  if (framework === 'fastify') return new (require('@fastify/otel').FastifyOtelInstrumentation)({ registerOnInitialization: true });
  throw new Error(`otel-register: unknown BENCH_FRAMEWORK ${framework}`);
}

const provider = new NodeTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: process.env.BENCH_OTLP_URL }))],
});
provider.register();

registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [new HttpInstrumentation(), frameworkInstrumentation(), new PinoInstrumentation({ disableLogSending: true })],
});

// the bench server flushes it before reporting (not part of the recommended set-up)
globalThis[Symbol.for('tracewire.bench.otelProvider')] = provider;
