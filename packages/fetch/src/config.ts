/** `instrumentOutbound(options)` checked once and resolved into what the per-request code reads. */
import { invalidOption, knownMethodsFrom, type Tracer } from '@tracewire/core';
import { compilePropagateTo, type DestinationMatcher } from './propagate-to';
import type { OutboundOptions } from './types';

export interface OutboundConfig {
  readonly allowHeaders: DestinationMatcher;
  /** no `propagateTo`: every destination, so nothing needs parsing to decide */
  readonly allowsEverywhere: boolean;
  readonly tracer: Tracer | undefined;
  readonly knownMethods: ReadonlySet<string>;
  readonly fetch: boolean;
  readonly http: boolean;
}

function flag(name: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw invalidOption(name, value, 'true or false');
  return value;
}

export function resolveConfig(options: OutboundOptions = {}): OutboundConfig {
  if (options === null || typeof options !== 'object') throw invalidOption('outbound', options, 'an object of outbound options');
  const tracer = options.tracer;
  if (tracer !== undefined && typeof tracer?.startSpan !== 'function') throw invalidOption('tracer', tracer, 'a tracer from createTracer()');
  return {
    allowHeaders: compilePropagateTo(options.propagateTo),
    allowsEverywhere: options.propagateTo === undefined,
    tracer,
    knownMethods: knownMethodsFrom(options.knownMethods, options.env ?? process.env),
    fetch: flag('fetch', options.fetch),
    http: flag('http', options.http),
  };
}
