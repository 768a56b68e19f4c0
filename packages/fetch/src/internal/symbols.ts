/** Private symbols, in one place. `Symbol.for` where two installed copies of this package must agree. */

/** globalThis slot holding the one outbound instrumentation of the process. */
export const kOutboundState = Symbol.for('tracewire.outbound');
/** On an undici request or a ClientRequest: the CLIENT span tracking it. */
export const kClientCall = Symbol.for('tracewire.clientCall');
/** On a wrapped `http.request`/`get`: the function it wraps. */
export const kWrapped = Symbol.for('tracewire.wrappedOriginal');
