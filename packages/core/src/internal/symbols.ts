/** Private symbols, in one place (as pino does). `Symbol.for` where copies of core must agree. */

/** globalThis slot shared by every installed copy of core. */
export const kGlobalRegistry = Symbol.for('tracewire.context');
/** On a bound EventEmitter: the context its listeners run in. */
export const kEmitContext = Symbol.for('tracewire.emitContext');
/** On a bound EventEmitter: its `emit` from before binding. */
export const kOriginalEmit = Symbol.for('tracewire.originalEmit');

// Context values an extracting propagator leaves for the tracer (propagation/foreign-context.ts);
// `Symbol.for` because a propagator built by one copy of core may feed another copy's tracer.
/** The remote parent span (by identity) whose sampling decision was deferred: the tracer samples as for a root. */
export const kSamplingDeferred = Symbol.for('tracewire.samplingDeferred');
/** A trace id (32 lc-hex) for a new local root when the context holds no parent. */
export const kTraceIdHint = Symbol.for('tracewire.traceIdHint');
/** The trace id received with a debug flag (B3 `d` / `X-B3-Flags`, Jaeger 0x02): sent onward as debug. */
export const kDebugTrace = Symbol.for('tracewire.debugTrace');
/**
 * On the shared `emit` of a bound EventEmitter: marks it as tracewire's, so a second installed copy
 * of core re-targets the context slot instead of wrapping that `emit` again (which would make the
 * original-emit slot point at the wrapper itself and recurse without end).
 */
export const kBoundEmit = Symbol.for('tracewire.boundEmit');
