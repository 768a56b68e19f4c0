/**
 * The body of `startActiveSpan`: run a callback and end its span however the callback finishes.
 * An error marks the span ERROR with an `exception` event (SPEC-NOTES §4.7) and reaches the caller
 * unchanged; tracing adds no unhandled rejection of its own.
 */
import { reportError } from '../diag';
import { SpanStatusCode, type Span } from '../types';
import { toSafeString } from './attributes';

/** Runs `fn` with the span, ending it when `fn` returns, throws or (for a thenable) settles. */
export function runInSpan<R>(span: Span, fn: (span: Span) => R): R {
  let result: R;
  try {
    result = fn(span);
  } catch (error) {
    endWithError(span, error);
    throw error;
  }
  if (!isThenable(result)) {
    span.end();
    return result;
  }
  try {
    // One `then`, whose promise is what the caller gets: a rejection reaches the caller as the
    // only unhandled one if they ignore it (as without tracing), and a lazy thenable (a query
    // builder that runs on `then`) runs once.
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        endWithError(span, error);
        throw error;
      },
    ) as R;
  } catch (error) {
    reportError(error, 'startActiveSpan (a throwing then)');
    span.end();
    return result;
  }
}

function endWithError(span: Span, error: unknown): void {
  try {
    span.recordException(error);
    const message = error instanceof Error ? error.message : toSafeString(error, 'unknown exception');
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } catch (failure) {
    reportError(failure, 'startActiveSpan (recording an error)');
  }
  span.end();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}
