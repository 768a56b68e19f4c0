/**
 * The one process-wide registry, shared by every installed copy of core through a `Symbol.for`
 * key on globalThis (DESIGN §2: one context store per process). The first copy to load creates
 * it; later copies reuse it, so their `active()` sees the same store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { kGlobalRegistry } from '../internal/symbols';
import type { SpanExporter, TextMapPropagator, TraceContext, Tracer } from '../types';

/** Builds an exporter named in `OTEL_TRACES_EXPORTER` (registered by exporter packages). */
export type ExporterFactory = (env: Readonly<Record<string, string | undefined>>) => SpanExporter;

export interface GlobalRegistry {
  /** Bumped only on incompatible changes to this shape. */
  readonly version: 1;
  readonly storage: AsyncLocalStorage<TraceContext>;
  tracer: Tracer | undefined;
  propagator: TextMapPropagator | undefined;
  /** `OTEL_TRACES_EXPORTER` names → factories; exporter packages add theirs. */
  readonly exporterFactories: Map<string, ExporterFactory>;
  /** `OTEL_PROPAGATORS` names → factories; propagator formats add theirs. */
  readonly propagatorFactories: Map<string, () => TextMapPropagator>;
  /**
   * Set while another tracer owns the spans (an OpenTelemetry SDK, through @tracewire/otel-bridge's
   * `followOpenTelemetry()`): maps tracewire's own context to the one to use, with that tracer's
   * active span. Optional, so registries created by older copies of core stay valid.
   */
  externalContext?: ExternalContextSource;
  /**
   * `bindEmitter`'s per-emitter state (context, original `emit`), kept beside the emitter rather
   * on it: a property added to an object whose prototype was swapped (Express 5 does that to every
   * req/res) costs microseconds. Shared, so two copies of core see each other's bindings.
   */
  emitterBindings?: WeakMap<object, EmitterBinding>;
}

export interface EmitterBinding {
  context: TraceContext | undefined;
  readonly emit: (...args: unknown[]) => boolean;
}

/** Given tracewire's own active context, the context to use instead (or the same one). */
export type ExternalContextSource = (own: TraceContext | undefined) => TraceContext | undefined;

type GlobalWithRegistry = typeof globalThis & { [kGlobalRegistry]?: GlobalRegistry };

function createRegistry(): GlobalRegistry {
  return {
    version: 1,
    storage: new AsyncLocalStorage<TraceContext>(),
    tracer: undefined,
    propagator: undefined,
    exporterFactories: new Map(),
    propagatorFactories: new Map(),
  };
}

export const registry: GlobalRegistry = ((globalThis as GlobalWithRegistry)[kGlobalRegistry] ??= createRegistry());
