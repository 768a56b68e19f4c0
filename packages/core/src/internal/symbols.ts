/** Private symbols, in one place (as pino does). `Symbol.for` where copies of core must agree. */

/** globalThis slot shared by every installed copy of core. */
export const kGlobalRegistry = Symbol.for('tracewire.context');
/** On a bound EventEmitter: the context its listeners run in. */
export const kEmitContext = Symbol.for('tracewire.emitContext');
/** On a bound EventEmitter: its `emit` from before binding. */
export const kOriginalEmit = Symbol.for('tracewire.originalEmit');
