/** Private symbols, in one place (as pino does). `Symbol.for` where other packages must agree. */

/**
 * Set on every function `traceMixin()` returns, so another package (the Fastify plugin) can see
 * that a logger already gets the ids from its mixin and not bind them a second time.
 */
export const kTraceMixin = Symbol.for('tracewire.pino.traceMixin');
