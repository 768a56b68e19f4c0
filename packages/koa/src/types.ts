/**
 * Public types of the Koa adapter. Options are the ones every server adapter takes (DESIGN §2):
 * core's, plus the outbound switch; there is nothing Koa-specific to add.
 */
import type { HttpServerTracingOptions, RequestTrace } from '@tracewire/core';
import type { OutboundOption } from '@tracewire/fetch';

export interface TracewireKoaOptions extends HttpServerTracingOptions {
  /**
   * Forward the context on outbound `fetch`/`http.request` calls made while handling a request
   * (`@tracewire/fetch`, process-wide). Default true; false leaves outbound calls alone; an object
   * configures it (`{ propagateTo: ['*.internal'] }`).
   */
  outbound?: OutboundOption;
}
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
