/** Private symbols, in one place (as pino does). `Symbol.for` where copies of core must agree. */

/** globalThis slot shared by every installed copy of core. */
export const kGlobalRegistry = Symbol.for('tracewire.context');
/** Marks an EventEmitter whose `emit` was bound, so binding twice is a no-op. */
export const kBoundEmit = Symbol.for('tracewire.boundEmit');
/** Marks a function returned by `bind` (and keeps the original for debugging). */
export const kBoundFunction = Symbol('tracewire.boundFunction');
