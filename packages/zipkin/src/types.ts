/**
 * Public types of @tracewire/zipkin: the exporter's options and the Zipkin v2 JSON span it sends
 * (SPEC-NOTES §8, zipkin2-api). Fields that would be empty are left out, never sent empty.
 */

export interface ZipkinExporterOptions {
  /**
   * The full URL spans are POSTed to, used as-is (`OTEL_EXPORTER_ZIPKIN_ENDPOINT`).
   * Default `http://localhost:9411/api/v2/spans`.
   */
  url?: string | URL;
  /**
   * One deadline per export, covering every attempt and the waits between them
   * (`OTEL_EXPORTER_ZIPKIN_TIMEOUT`). Milliseconds, default 10000; 0 = no limit.
   */
  timeoutMillis?: number;
  /** Extra request headers, e.g. `authorization` for a proxy in front of Zipkin. */
  headers?: Record<string, string>;
  /** Environment to read (default `process.env`); the `zipkin` factory passes the tracer's. */
  env?: Record<string, string | undefined>;
}

/** A network node (`localEndpoint`, `remoteEndpoint`); at least one field is set. */
export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  /** 1 … 65535, never 0 */
  port?: number;
}

/** A span event: epoch microseconds and the event as text (SPEC-NOTES §8.4). */
export interface ZipkinAnnotation {
  timestamp: number;
  value: string;
}

export type ZipkinKind = 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';

/** One element of the JSON array POSTed to `/api/v2/spans`. */
export interface ZipkinSpan {
  /** 32 lowercase hex */
  traceId: string;
  /** 16 lowercase hex */
  id: string;
  /** absent for roots */
  parentId?: string;
  name?: string;
  /** absent for INTERNAL spans */
  kind?: ZipkinKind;
  /** start, epoch microseconds */
  timestamp: number;
  /** microseconds, at least 1 */
  duration: number;
  localEndpoint: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations?: ZipkinAnnotation[];
  /** every value a string (SPEC-NOTES §8.3) */
  tags?: Record<string, string>;
}
