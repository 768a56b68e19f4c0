/** Private symbols, in one place (DESIGN §3). */

/** The request's routing state (trace, mount templates, matched route) on `req`. */
export const kRequestState = Symbol('tracewire.express.requestState');
/** Marks a router layer tracewire has looked at, so it is never wrapped twice. */
export const kInstrumented = Symbol('tracewire.express.instrumented');
/** How many layers of a stack array were looked at: a cheap "anything new?" test per request. */
export const kSeenLength = Symbol('tracewire.express.seenLength');
/** Marks the error recorder tracewire appends to the app's router. */
export const kErrorRecorder = Symbol('tracewire.express.errorRecorder');
