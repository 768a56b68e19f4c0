/** `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` → a Sampler (SPEC-NOTES §9.3). */
import { alwaysOff } from '../sampling/always-off';
import { alwaysOn } from '../sampling/always-on';
import { parentBased } from '../sampling/parent-based';
import { traceIdRatio } from '../sampling/trace-id-ratio';
import type { Sampler } from '../types';
import { type Env, readEnum, readNumber } from './env';

const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export function defaultSampler(): Sampler {
  return parentBased({ root: alwaysOn() });
}

/** The sampler the environment asks for, or undefined (unset or invalid: warned once). */
export function samplerFromEnv(env: Env): Sampler | undefined {
  const name = readEnum(env, 'OTEL_TRACES_SAMPLER', SAMPLER_NAMES);
  if (name === undefined) return undefined;
  // the argument is read only when a ratio sampler is chosen; invalid → warned, default 1.0
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
  }
}
