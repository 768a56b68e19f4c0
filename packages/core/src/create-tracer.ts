/**
 * `createTracer(options)`: code options over `OTEL_*` environment variables over defaults
 * (SPEC-NOTES 0.7), resolved once into the tracer. Bad code options throw here, at setup; bad env
 * values were warned about and ignored. `getTracer()` is what adapters use when given none.
 */
import { batchOptionsFromEnv, mergeDefined, spanLimitsFromEnv } from './config/limits-from-env';
import { processorsForExporters } from './config/exporters';
import { type Env, readBoolean } from './config/env';
import { buildResource } from './config/resource';
import { defaultSampler, samplerFromEnv } from './config/sampler-from-env';
import { SDK_VERSION } from './config/version';
import { registry } from './context/registry';
import { invalidOption } from './errors';
import { resolveSpanLimits } from './trace/span-limits';
import { TracerImpl } from './trace/tracer';
import { propagatorFromEnv } from './propagation/api';
import { createPropagator } from './propagation/by-name';
import { CompositePropagator } from './propagation/composite';
import type { Sampler, SpanProcessor, TextMapPropagator, Tracer, TracerOptions } from './types';

export const CORE_SCOPE = Object.freeze({ name: '@tracewire/core', version: SDK_VERSION });

function checkOptions(options: TracerOptions): void {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  for (const key of ['serviceName', 'serviceVersion', 'jsonlFile'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw invalidOption(key, value, 'a non-empty string');
  }
  const sampler = options.sampler as Sampler | undefined;
  if (sampler !== undefined && typeof sampler?.shouldSample !== 'function') {
    throw invalidOption('sampler', sampler, 'a sampler (an object with shouldSample())');
  }
  for (const processor of options.spanProcessors ?? []) {
    if (typeof (processor as SpanProcessor)?.onEnd !== 'function') {
      throw invalidOption('spanProcessors', processor, 'span processors (objects with onStart/onEnd/forceFlush/shutdown)');
    }
  }
}

/**
 * The propagator asked for in code (names or objects, composed in order), else the one
 * `OTEL_PROPAGATORS` in `options.env` asks for when that env was given explicitly; undefined
 * leaves the process-wide propagator as it is.
 */
function propagatorFromOptions(list: TracerOptions['propagators'], env: Env): TextMapPropagator | undefined {
  if (list === undefined) return env === process.env ? undefined : propagatorFromEnv(env);
  if (!Array.isArray(list)) throw invalidOption('propagators', list, 'an array of propagator names or objects');
  // names alone follow OTEL_PROPAGATORS' rules exactly (case, duplicates, `none`)
  if (list.every((item) => typeof item === 'string')) return createPropagator(list as string[]);
  const parts = list.map((item) => {
    if (typeof item === 'string') return createPropagator([item]);
    if (item !== null && typeof item === 'object' && typeof item.inject === 'function' && typeof item.extract === 'function') return item;
    throw invalidOption('propagators', item, 'a propagator name or an object with inject/extract/fields');
  });
  return new CompositePropagator(parts);
}

/** Builds a tracer; by default it also becomes the process-wide one (`getTracer()`). */
export function createTracer(options: TracerOptions = {}): Tracer {
  checkOptions(options);
  const env: Env = options.env ?? process.env;
  const batch = mergeDefined(batchOptionsFromEnv(env), options.batch);
  const tracer = new TracerImpl({
    resource: buildResource(options, env),
    scope: options.scope ?? CORE_SCOPE,
    sampler: options.sampler ?? samplerFromEnv(env) ?? defaultSampler(),
    processors: [...processorsForExporters(options, env, batch), ...(options.spanProcessors ?? [])],
    spanLimits: resolveSpanLimits(mergeDefined(spanLimitsFromEnv(env), options.spanLimits)),
    disabled: options.disabled ?? readBoolean(env, 'OTEL_SDK_DISABLED') ?? false,
  });
  const propagator = propagatorFromOptions(options.propagators, env);
  if (options.register !== false) {
    registry.tracer = tracer;
    if (propagator !== undefined) registry.propagator = propagator;
  }
  return tracer;
}

/**
 * The process-wide tracer: the last one created with `register` (default), else one built from
 * the environment on first use (with no exporter configured: propagate-only).
 */
export function getTracer(): Tracer {
  return registry.tracer ?? createTracer();
}

/** Replaces the process-wide tracer (`undefined`: build one from the environment next time). */
export function setTracer(tracer: Tracer | undefined): void {
  registry.tracer = tracer;
}
