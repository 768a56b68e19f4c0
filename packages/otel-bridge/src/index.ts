// Export list only (DESIGN §3).
export { registerOtelBridge } from './register';
export { followOpenTelemetry } from './follow';
export { TracewireContextManager } from './context-manager';
export { TracewireTracerProvider, TracewireOtelTracer } from './tracer-provider';
export { TracewirePropagator } from './propagator';
export type { OtelBridge, OtelBridgeOptions, OtelFollower } from './types';
