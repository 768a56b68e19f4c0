/** Public types of @tracewire/otel-bridge. */
import type { Tracer } from '@tracewire/core';

export interface OtelBridgeOptions {
  /** The tracewire tracer OpenTelemetry API spans go to. Default: the process-wide one (`getTracer()`), per span. */
  tracer?: Tracer;
}

/** What `registerOtelBridge()` did. */
export interface OtelBridge {
  /**
   * true when tracewire became @opentelemetry/api's context manager, tracer provider and
   * propagator; false when an OpenTelemetry SDK had registered first (nothing was changed then:
   * use `followOpenTelemetry()` to work alongside it).
   */
  readonly registered: boolean;
  /** Hands the three globals back (to no-op defaults). */
  unregister(): void;
}

/** What `followOpenTelemetry()` returns. */
export interface OtelFollower {
  /** Back to tracewire's own context and spans. */
  unfollow(): void;
}
