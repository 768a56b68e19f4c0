/** Public types of @tracewire/express. */
import type { HttpServerTracingOptions, RequestTrace } from '@tracewire/core';
import type { OutboundOption } from '@tracewire/fetch';

/** `tracewire(options)`: the options every tracewire server adapter takes (see the README table). */
export interface TracewireExpressOptions extends HttpServerTracingOptions {
  /**
   * Forward the context on outbound `fetch`/`http.request` calls made while handling a request
   * (`@tracewire/fetch`, process-wide). Default true; false leaves outbound calls alone; an object
   * configures it (`{ propagateTo: ['*.internal'] }`).
   */
  outbound?: OutboundOption;
}

export type { RequestTrace };

/** The middleware, typed on Node's request/response so it fits Express 4 and 5 alike. */
export type TracewireMiddleware = (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
  next: (err?: unknown) => void,
) => void;

declare global {
  // Express's types merge this open interface into every `Request` (@types/express 4 and 5)
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * This request's trace (ids, request id, SERVER span, context for `run()`); set by
       * `tracewire()`, so undefined on routes mounted before it.
       */
      tracewire?: RequestTrace;
    }
  }
}
