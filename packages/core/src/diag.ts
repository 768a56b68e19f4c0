/**
 * Diagnostics: where tracewire reports what it swallowed. Suppressed errors are logged (OT-ERR),
 * warnings that could repeat per request are logged once per key, and users may replace both the
 * logger and the error handler.
 */

export interface DiagLogger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  debug?(message: string): void;
}

export type ErrorHandler = (error: unknown, where: string) => void;

const stderrLogger: DiagLogger = {
  warn: (message) => process.stderr.write(`[tracewire] ${message}\n`),
  error: (message, error) =>
    process.stderr.write(`[tracewire] ${message}${error === undefined ? '' : `: ${describeError(error)}`}\n`),
};

let logger: DiagLogger | undefined = stderrLogger;
let errorHandler: ErrorHandler | undefined;
const warnedKeys = new Set<string>();

/** Replace the diagnostics logger; `null` silences tracewire entirely. */
export function setDiagLogger(next: DiagLogger | null): void {
  logger = next ?? undefined;
}

/** Receive every error tracewire suppressed (a throwing sampler, exporter, getter, ...). */
export function setErrorHandler(next: ErrorHandler | null): void {
  errorHandler = next ?? undefined;
}

export function warn(message: string): void {
  try {
    logger?.warn(message);
  } catch {
    // a broken logger must not break the app
  }
}

/** Logs `message` the first time `key` is seen; returns whether it logged. */
export function warnOnce(key: string, message: string): boolean {
  if (warnedKeys.has(key)) return false;
  warnedKeys.add(key);
  warn(message);
  return true;
}

/** Forget `key` so the next `warnOnce(key)` logs again (e.g. a new overflow episode). */
export function resetWarning(key: string): void {
  warnedKeys.delete(key);
}

export function debug(message: string): void {
  try {
    logger?.debug?.(message);
  } catch {
    // ignore
  }
}

/** Report an error tracewire caught and did not rethrow. Never throws. */
export function reportError(error: unknown, where: string): void {
  try {
    if (errorHandler) errorHandler(error, where);
    else logger?.error(`error in ${where}`, error);
  } catch {
    // the handler itself failed: nothing safer to do than drop it
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'unprintable error';
  }
}
