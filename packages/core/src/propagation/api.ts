/**
 * The process-wide propagator and the two calls everything else uses: `extract` on the way in,
 * `inject` on the way out. The propagator comes from `setPropagator`, else `OTEL_PROPAGATORS`
 * (default `tracecontext,baggage`), resolved once and shared by every copy of core.
 */
import { ROOT_CONTEXT, active } from '../context/store';
import { registry } from '../context/registry';
import { type Env, readList, warnInvalidEnv } from '../config/env';
import { reportError } from '../diag';
import type { CarrierGetter, CarrierSetter, TextMapPropagator, TraceContext } from '../types';
import { DEFAULT_PROPAGATORS, createPropagator, isKnownPropagator, knownPropagatorNames } from './by-name';
import { defaultGetter, defaultSetter } from './carriers';

/** The propagator `OTEL_PROPAGATORS` asks for; unknown names are warned about and skipped. */
export function propagatorFromEnv(env: Env = process.env): TextMapPropagator {
  const names = readList(env, 'OTEL_PROPAGATORS');
  if (names === undefined) return createPropagator(DEFAULT_PROPAGATORS);
  const known = names.filter((name) => {
    if (isKnownPropagator(name)) return true;
    warnInvalidEnv('OTEL_PROPAGATORS', name, `one of ${knownPropagatorNames().join(', ')}`);
    return false;
  });
  return createPropagator(known.length > 0 ? known : DEFAULT_PROPAGATORS);
}

export function getPropagator(): TextMapPropagator {
  return (registry.propagator ??= propagatorFromEnv());
}

/** Replaces the process-wide propagator (`undefined` = back to `OTEL_PROPAGATORS`). */
export function setPropagator(propagator: TextMapPropagator | undefined): void {
  registry.propagator = propagator;
}

/**
 * The context `carrier` carries (incoming HTTP headers, a Kafka message's headers, ...), built on
 * `base` (default: `ROOT_CONTEXT`). Returns `base` unchanged when the carrier holds nothing valid,
 * so a span started in the result is a new root then — never a child of whatever happened to be
 * active (a server's `listen()` context, say). Never throws, whatever the carrier or getter does.
 */
export function extract(
  carrier: unknown,
  getter: CarrierGetter = defaultGetter,
  base: TraceContext = ROOT_CONTEXT,
): TraceContext {
  try {
    return getPropagator().extract(base, carrier, getter) ?? base;
  } catch (error) {
    reportError(error, 'extract');
    return base;
  }
}

/**
 * Writes `context` (default: the active one) into `carrier` (outgoing headers, message headers,
 * ...). Writes nothing outside a trace or while tracing is suppressed. Never throws.
 */
export function inject(
  context: TraceContext | undefined = active(),
  carrier: unknown,
  setter: CarrierSetter = defaultSetter,
): void {
  if (context === undefined || context.suppressTracing === true) return;
  try {
    getPropagator().inject(context, carrier, setter);
  } catch (error) {
    reportError(error, 'inject');
  }
}
