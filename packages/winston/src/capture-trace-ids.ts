/**
 * Call-time capture. A winston Logger is a Transform stream: `logger.info()` ends in
 * `logger.write(info)`, and the format pipeline runs in `_transform` — synchronously inside the
 * call only while the stream is not backed up. Once a slow transport applies backpressure,
 * readable-stream buffers the info objects and transforms them later, from whichever callback
 * drains the stream, i.e. in another request's async context. Formats that read the active context
 * then stamp the wrong ids. So we read the context where it is still right — in `write`, during the
 * call — and leave it on the info object for `traceFormat()` to use, whenever it runs.
 */
import { active } from '@tracewire/core';
import type { Logger } from 'winston';
import { CapturedContext, NO_CONTEXT } from './captured-context';
import { kCapturedContext, kCapturingWrite } from './internal/symbols';

type Write = (this: unknown, chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

/**
 * The object whose `write` every log call of `logger` reaches: the root logger. A child from
 * `logger.child()` is `Object.create(parent)` with its own (read-only) `write` that copies `info` and
 * calls the parent's `write`, so patching the root covers all children, past and future.
 */
function rootOf(logger: object): Record<PropertyKey, unknown> {
  let target = logger as Record<PropertyKey, unknown>;
  for (let depth = 0; depth < 1000; depth++) {
    const own = Object.getOwnPropertyDescriptor(target, 'write');
    if (own === undefined || (own.value as Record<symbol, unknown> | undefined)?.[kCapturingWrite] === true) return target;
    const parent = Object.getPrototypeOf(target) as Record<PropertyKey, unknown> | null;
    if (parent === null || typeof parent.write !== 'function') return target;
    target = parent;
  }
  return target;
}

/**
 * Makes every line written through `logger` (and its children) carry the trace context active at
 * the log call, which `traceFormat()` then prefers over the context active when it runs. Call once
 * per logger (again is a no-op); returns `logger`.
 */
export function captureTraceIds<L extends Logger>(logger: L): L {
  if (logger === null || typeof logger !== 'object' || typeof (logger as { write?: unknown }).write !== 'function') {
    throw new TypeError('captureTraceIds(logger): expected a winston logger (from winston.createLogger)');
  }
  const root = rootOf(logger);
  if ((root.write as Record<symbol, unknown>)[kCapturingWrite] === true) return logger;

  const write = root.write as Write;
  // fixed parameters, not ...rest: this runs on every log call (Writable.write takes at most three)
  const capturingWrite: Write = function (this: unknown, chunk, encoding, callback) {
    if (typeof chunk === 'object' && chunk !== null) {
      const context = active();
      try {
        (chunk as Record<symbol, unknown>)[kCapturedContext] = context === undefined ? NO_CONTEXT : new CapturedContext(context);
      } catch {
        // a frozen info object: the line still goes out, with the ids of whenever it is formatted
      }
    }
    return write.call(this, chunk, encoding, callback);
  };
  Object.defineProperty(capturingWrite, kCapturingWrite, { value: true });
  Object.defineProperty(root, 'write', { value: capturingWrite, writable: true, configurable: true, enumerable: false });
  return logger;
}
