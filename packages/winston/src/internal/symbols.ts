/** Private symbols, in one place. `Symbol.for` so two installed copies of this package agree. */

/**
 * The context captured at the log call, stored on the info object. Enumerable on purpose:
 * `logger.child()` and transports with their own format copy `info` with `Object.assign`, which
 * copies enumerable symbol keys only, and the capture must survive those copies.
 */
export const kCapturedContext = Symbol.for('tracewire.winston.capturedContext');
/** Marks the `write` installed by `captureTraceIds`, so installing twice is a no-op. */
export const kCapturingWrite = Symbol.for('tracewire.winston.capturingWrite');
