/**
 * The one process-wide registry, shared by every installed copy of core through a `Symbol.for`
 * key on globalThis (DESIGN §2: one context store per process). The first copy to load creates
 * it; later copies reuse it, so their `active()` sees the same store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { kGlobalRegistry } from '../internal/symbols';
import type { TextMapPropagator, TraceContext, Tracer } from '../types';

export interface GlobalRegistry {
  /** Bumped only on incompatible changes to this shape. */
  readonly version: 1;
  readonly storage: AsyncLocalStorage<TraceContext>;
  tracer: Tracer | undefined;
  propagator: TextMapPropagator | undefined;
}

type GlobalWithRegistry = typeof globalThis & { [kGlobalRegistry]?: GlobalRegistry };

function createRegistry(): GlobalRegistry {
  return { version: 1, storage: new AsyncLocalStorage<TraceContext>(), tracer: undefined, propagator: undefined };
}

export const registry: GlobalRegistry = ((globalThis as GlobalWithRegistry)[kGlobalRegistry] ??= createRegistry());
