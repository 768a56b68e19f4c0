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
import type { Sampler, SpanProcessor, Tracer, TracerOptions } from './types';

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
  if (options.register !== false) registry.tracer = tracer;
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
