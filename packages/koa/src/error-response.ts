/**
 * Koa answers an error that escaped the middleware from `ctx.onerror`, which it calls from
 * outside tracewire's `run()`. Without help two things go wrong there:
 * - app 'error' listeners (where apps log their errors) run with no trace context;
 * - Koa's default `onerror` removes every response header before answering, `traceresponse` and
 *   the echoed request id included, and then sets only the ones in `err.headers`.
 * So the request's `onerror` runs in the request's context and, for the length of that synchronous
 * call only, `err.headers` also holds the headers tracewire set. Koa's logic itself (or the app's
 * own `app.context.onerror`) runs unchanged.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { run, type RequestTrace } from '@tracewire/core';

export type OnError = (this: unknown, err: unknown) => void;

/** `onerror` bound to the request's context, lending it `headers` (see above). */
export function onerrorInContext(onerror: OnError, trace: RequestTrace): OnError {
  return function tracewireOnerror(this: unknown, err: unknown): void {
    const ctx = this;
    run(trace.context, () => withLentHeaders(err, trace.responseHeaders(), () => onerror.call(ctx, err)));
  };
}

function withLentHeaders(err: unknown, headers: OutgoingHttpHeaders, respond: () => void): void {
  let restore: (() => void) | undefined;
  if (Object.keys(headers).length > 0 && typeof err === 'object' && err !== null) {
    const target = err as { headers?: unknown };
    try {
      const own = Object.prototype.hasOwnProperty.call(target, 'headers');
      const previous = target.headers;
      if (previous === undefined || (typeof previous === 'object' && previous !== null)) {
        // the app's own err.headers win over ours
        target.headers = { ...headers, ...(previous as object | undefined) };
        restore = own ? () => void (target.headers = previous) : () => void delete target.headers;
      }
    } catch {
      // a frozen error or a getter-only `headers`: Koa answers without our headers, nothing worse
    }
  }
  try {
    respond();
  } finally {
    try {
      restore?.();
    } catch {
      // cannot happen for a property we could set; never let tracing throw into Koa
    }
  }
}
