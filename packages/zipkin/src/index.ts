// Export list only (DESIGN §3). Loading this module registers the `zipkin` exporter name with core.
export { ZipkinExporter } from './zipkin-exporter';
export { toZipkinSpan } from './zipkin-span';
export { DEFAULT_URL, DEFAULT_TIMEOUT_MILLIS } from './options';
export type { ZipkinExporterOptions, ZipkinSpan, ZipkinEndpoint, ZipkinAnnotation, ZipkinKind } from './types';
