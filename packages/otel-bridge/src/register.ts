/**
 * `registerOtelBridge()`: tracewire becomes @opentelemetry/api's global context manager, tracer
 * provider and propagator, so any library written against the API (database clients, ORMs, cloud
 * SDKs) starts tracewire spans in tracewire's context. All or nothing: if an OpenTelemetry SDK
 * registered any of the three first, the bridge changes nothing and says so once.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { warnOnce } from '@tracewire/core';
import { TracewireContextManager } from './context-manager';
import { TracewirePropagator } from './propagator';
import { TracewireTracerProvider } from './tracer-provider';
import type { OtelBridge, OtelBridgeOptions } from './types';

/** The API's globals live here (`@opentelemetry/api` 1.x): whether an SDK already holds them. */
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

function registeredByOthers(): string[] {
  const globals = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[API_GLOBAL];
  return ['context', 'trace', 'propagation'].filter((name) => globals?.[name] !== undefined);
}

export function registerOtelBridge(options: OtelBridgeOptions = {}): OtelBridge {
  const taken = registeredByOthers();
  if (taken.length > 0) {
    warnOnce('otel-bridge:taken', `@opentelemetry/api already has a registered ${taken.join(', ')} (an OpenTelemetry SDK?): the bridge was not registered; use followOpenTelemetry() to work alongside it`);
    return { registered: false, unregister() {} };
  }
  context.setGlobalContextManager(new TracewireContextManager());
  trace.setGlobalTracerProvider(new TracewireTracerProvider(options.tracer));
  propagation.setGlobalPropagator(new TracewirePropagator());
  let registered = true;
  return {
    get registered() {
      return registered;
    },
    unregister() {
      if (!registered) return;
      registered = false;
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
