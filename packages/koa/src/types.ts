/**
 * Public types of the Koa adapter. Options are core's, unchanged: every server adapter takes the
 * same ones (DESIGN §2), so there is nothing Koa-specific to add.
 */
import type { HttpServerTracingOptions, RequestTrace } from '@tracewire/core';

export type TracewireKoaOptions = HttpServerTracingOptions;
export type { RequestTrace };

// `ctx.state.tracewire` is typed for TypeScript users through Koa's own extension point (the
// DefaultState interface of @types/koa): importing anything from '@tracewire/koa' is enough.
// It is declared present because `tracewire()` is meant to be the app's first middleware, which
// sets it on every request, ignored ones included.
declare module 'koa' {
  interface DefaultState {
    tracewire: RequestTrace;
  }
}
