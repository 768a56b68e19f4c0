/** Public types of @tracewire/otlp. */

/** `OTEL_EXPORTER_OTLP_PROTOCOL` values tracewire sends (`grpc` is not supported). */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** `OTEL_EXPORTER_OTLP_COMPRESSION` values. */
export type OtlpCompression = 'gzip' | 'none';

/** Every option has an env var; options given here win over the env vars (SPEC-NOTES 0.7, 7.1). */
export interface OtlpTraceExporterOptions {
  /**
   * The full URL spans are POSTed to, used as it is (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), e.g.
   * `https://collector.example:4318/v1/traces`. Give either `url` or `endpoint`, not both.
   */
  url?: string;
  /**
   * The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`): `v1/traces` is appended to its path.
   * Default `http://localhost:4318`, so spans go to `http://localhost:4318/v1/traces`.
   */
  endpoint?: string;
  /**
   * Extra request headers, e.g. `{ authorization: 'Bearer …' }` (`OTEL_EXPORTER_OTLP_TRACES_HEADERS`,
   * `OTEL_EXPORTER_OTLP_HEADERS`: `key=value,…`, percent-decoded). Merged over the env headers;
   * a name given here wins. `content-type`, `content-encoding` and `content-length` are the exporter's.
   */
  headers?: Record<string, string>;
  /**
   * One deadline per export, covering every attempt and the waits between them
   * (`OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`, `OTEL_EXPORTER_OTLP_TIMEOUT`). Default 10000 ms; 0 = none.
   */
  timeoutMillis?: number;
  /** `gzip` or `none` (`OTEL_EXPORTER_OTLP_TRACES_COMPRESSION`, `OTEL_EXPORTER_OTLP_COMPRESSION`). Default `none`. */
  compression?: OtlpCompression;
  /** `http/protobuf` (default) or `http/json` (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, `OTEL_EXPORTER_OTLP_PROTOCOL`). */
  protocol?: OtlpProtocol;
  /** Environment to read (default `process.env`); mainly for tests. */
  env?: Record<string, string | undefined>;
}

/** What the exporter resolved from options, env vars and defaults (`exporter.config`). */
export interface OtlpTraceExporterConfig {
  readonly url: string;
  /** The extra headers (the exporter's own content and user-agent headers are not listed). */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMillis: number;
  readonly compression: OtlpCompression;
  readonly protocol: OtlpProtocol;
}

/** Counters of one exporter, monotonic (`exporter.stats()`); the tracer's `stats()` counts spans per batch. */
export interface OtlpExporterStats {
  /** HTTP requests sent, retries included */
  requests: number;
  /** of those, retries after a retryable status or a network error */
  retries: number;
  /** spans the receiver reported as rejected in a partial success (their batch counts as exported) */
  rejectedSpans: number;
  /** spans in batches not sent because the encoded request exceeded 64 MiB */
  oversizeSpans: number;
}
