/**
 * What `captureTraceIds` attaches to an info object: the context active at the log call (or "none").
 * A small wrapper rather than the bare context so that formats printing the whole info object with
 * `util.inspect` (`format.prettyPrint()`) show one short token instead of the span's internals.
 */
import { inspect } from 'node:util';
import type { TraceContext } from '@tracewire/core';
import { kCapturedContext } from './internal/symbols';

export class CapturedContext {
  constructor(readonly context: TraceContext | undefined) {}

  [inspect.custom](): string {
    return this.context?.span === undefined ? '[tracewire: no context]' : '[tracewire context]';
  }
}

/** Captured outside any request: shared, no allocation on lines logged outside a trace. */
export const NO_CONTEXT = Object.freeze(new CapturedContext(undefined));

/**
 * The capture on `info`, or undefined when the line went through a logger without capture. Not an
 * `instanceof` check: the key is a `Symbol.for`, so another installed copy of this package may have
 * written it with its own class.
 */
export function capturedOn(info: object): { readonly context: TraceContext | undefined } | undefined {
  const value = (info as Record<symbol, unknown>)[kCapturedContext];
  return typeof value === 'object' && value !== null ? (value as CapturedContext) : undefined;
}
