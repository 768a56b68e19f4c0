/**
 * Makes `otlp` a known exporter name on import, so `createTracer({ exporter: 'otlp' })` and
 * `OTEL_TRACES_EXPORTER=otlp` build an exporter configured from the environment alone.
 */
import { registerExporter } from '@tracewire/core';
import { OtlpTraceExporter } from './otlp-trace-exporter';

registerExporter('otlp', (env) => new OtlpTraceExporter({ env: { ...env } }));
