/**
 * `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` → a Sampler (SPEC-NOTES §9.3), plus tracewire's
 * extensions `ratelimited`, `parentbased_ratelimited`, `adaptive` and `parentbased_adaptive`, whose
 * argument is traces per second.
 */
import { adaptive } from '../sampling/adaptive';
import { alwaysOff } from '../sampling/always-off';
import { alwaysOn } from '../sampling/always-on';
import { parentBased } from '../sampling/parent-based';
import { rateLimited } from '../sampling/rate-limited';
import { traceIdRatio } from '../sampling/trace-id-ratio';
import type { HeadSamplerStats, Sampler, SamplingParameters } from '../types';
import { type Env, readEnum, readNumber, readString, warnInvalidEnv } from './env';

const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'ratelimited',
  'parentbased_ratelimited',
  'adaptive',
  'parentbased_adaptive',
] as const;

/** `OTEL_TRACES_SAMPLER_ARG` of the per-second samplers when it is unset or invalid. */
export const DEFAULT_TRACES_PER_SECOND = 100;

export function defaultSampler(): Sampler {
  return parentBased({ root: alwaysOn() });
}

/** The sampler the environment asks for, or undefined (unset or invalid: warned once). */
export function samplerFromEnv(env: Env): Sampler | undefined {
  const name = readEnum(env, 'OTEL_TRACES_SAMPLER', SAMPLER_NAMES);
  if (name === undefined) return undefined;
  // the argument is read only when a sampler that takes one is chosen; invalid → warned, default
  const ratio = () => readNumber(env, 'OTEL_TRACES_SAMPLER_ARG', 0, 1) ?? 1;
  switch (name) {
    case 'always_on':
      return alwaysOn();
    case 'always_off':
      return alwaysOff();
    case 'traceidratio':
      return traceIdRatio(ratio());
    case 'parentbased_always_on':
      return parentBased({ root: alwaysOn() });
    case 'parentbased_always_off':
      return parentBased({ root: alwaysOff() });
    case 'parentbased_traceidratio':
      return parentBased({ root: traceIdRatio(ratio()) });
    case 'ratelimited':
    case 'parentbased_ratelimited':
      return perSecondSampler(rateLimited(perSecond(env)), name === 'ratelimited');
    case 'adaptive':
    case 'parentbased_adaptive':
      return perSecondSampler(adaptive(perSecond(env)), name === 'adaptive');
  }
}

/** Traces per second: a finite number above 0. */
function perSecond(env: Env): number {
  const value = readString(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (value === undefined) return DEFAULT_TRACES_PER_SECOND;
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed > 0) return parsed;
  warnInvalidEnv('OTEL_TRACES_SAMPLER_ARG', value, `a number of traces per second above 0 (using ${DEFAULT_TRACES_PER_SECOND})`);
  return DEFAULT_TRACES_PER_SECOND;
}

/**
 * `parentbased_*`: the sampler decides root spans only. Without the prefix it decides every trace
 * that enters this process — roots and remote parents alike, whatever the caller's sampled flag —
 * while local children still follow their parent: limiting each span on its own would cut traces
 * apart. Either way the result exposes the inner sampler's `stats()`.
 */
function perSecondSampler(inner: Sampler & { stats(): HeadSamplerStats }, ignoreRemoteFlag: boolean): Sampler {
  const composed = ignoreRemoteFlag
    ? parentBased({ root: inner, remoteParentSampled: inner, remoteParentNotSampled: inner })
    : parentBased({ root: inner });
  return Object.freeze({
    shouldSample: (params: SamplingParameters) => composed.shouldSample(params),
    stats: () => inner.stats(),
    toString: () => String(composed),
  });
}
