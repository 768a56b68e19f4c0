import type { HttpServerTracingOptions } from '@tracewire/core';
import type { OutboundOption } from '@tracewire/fetch';

/** Options of `app.register(tracewire, options)`: core's server options plus log correlation. */
export interface TracewireFastifyOptions extends HttpServerTracingOptions {
  /**
   * Give `request.log` (and `reply.log`) a child logger carrying `trace_id`, `span_id` and
   * `trace_flags`, so every line Fastify or the app writes for the request has them. Default true.
   */
  logIds?: boolean;
  /**
   * Forward the context on outbound `fetch`/`http.request` calls made while handling a request
   * (`@tracewire/fetch`, process-wide). Default true; false leaves outbound calls alone; an object
   * configures it (`{ propagateTo: ['*.internal'] }`).
   */
  outbound?: OutboundOption;
}
