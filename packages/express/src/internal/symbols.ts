/** Private symbols, in one place (DESIGN §3). */

/** Marks a router layer tracewire has looked at, so it is never wrapped twice. */
export const kInstrumented = Symbol('tracewire.express.instrumented');
/** How many layers of a stack array were looked at: a cheap "anything new?" test per request. */
export const kSeenLength = Symbol('tracewire.express.seenLength');
/** Marks the error recorder tracewire appends to the app's router. */
export const kErrorRecorder = Symbol('tracewire.express.errorRecorder');
