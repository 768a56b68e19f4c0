/** Private symbols, in one place (as pino does). `Symbol.for` where copies of core must agree. */

/** globalThis slot shared by every installed copy of core. */
export const kGlobalRegistry = Symbol.for('tracewire.context');

// Context values an extracting propagator leaves for the tracer (propagation/foreign-context.ts);
// `Symbol.for` because a propagator built by one copy of core may feed another copy's tracer.
/** The remote parent span (by identity) whose sampling decision was deferred: the tracer samples as for a root. */
export const kSamplingDeferred = Symbol.for('tracewire.samplingDeferred');
/** A trace id (32 lc-hex) for a new local root when the context holds no parent. */
export const kTraceIdHint = Symbol.for('tracewire.traceIdHint');
/** The trace id received with a debug flag (B3 `d` / `X-B3-Flags`, Jaeger 0x02): sent onward as debug. */
export const kDebugTrace = Symbol.for('tracewire.debugTrace');
