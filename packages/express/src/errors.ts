/**
 * Exceptions on the SERVER span. Express catches what handlers throw (and, in Express 5, what
 * their promises reject with) and routes it, like `next(err)`, to the next error-handling layer or
 * to its final handler. tracewire reports the error to the request's trace where it arrives — on
 * each error-handling layer before the user's handler runs, and in one recorder appended to the
 * app's router for errors nobody handles — then hands it on untouched, so Express answers exactly
 * as before. Core decides what lands on the span (an `exception` event if the request ends in
 * error, SPEC-NOTES §4.7); the same error reported by several layers is harmless.
 */
import type { AnyFunction, Next, RouterShape } from './internal/express-shapes';
import { kErrorRecorder } from './internal/symbols';
import { requestStateOf } from './request-state';

export function recordRequestError(req: unknown, error: unknown): void {
  try {
    requestStateOf(req)?.trace.recordError(error);
  } catch {
    // recording must never change how Express handles the error
  }
}

/** The last error layer of the app: records, then passes the error on to Express's final handler. */
function tracewireErrorRecorder(err: unknown, req: unknown, _res: unknown, next: Next): void {
  recordRequestError(req, err);
  next(err);
}
Object.defineProperty(tracewireErrorRecorder, kErrorRecorder, { value: true });

export function isErrorRecorder(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as { [kErrorRecorder]?: boolean })[kErrorRecorder] === true;
}

/** Appends the recorder to the app's router once (later layers still run: it calls next(err)). */
export function ensureErrorRecorder(router: RouterShape): void {
  const marked = router as RouterShape & { [kErrorRecorder]?: boolean };
  if (marked[kErrorRecorder] === true) return;
  Object.defineProperty(marked, kErrorRecorder, { value: true });
  router.use(tracewireErrorRecorder as AnyFunction);
}

/** Wraps an error-handling layer's dispatch method so the error is recorded before the user's handler sees it. */
export function recordingErrorDispatch(original: AnyFunction): AnyFunction {
  return function dispatchError(this: unknown, err: unknown, req: unknown, res: unknown, next: Next) {
    recordRequestError(req, err);
    return original.call(this, err, req, res, next);
  };
}
