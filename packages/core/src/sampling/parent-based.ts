/**
 * ParentBased (SPEC-NOTES §9.2): a root span asks `root`; a child follows its parent's sampled
 * flag, through one of four delegates chosen by whether the parent is remote. Delegates' results
 * (tracestate included) pass through untouched: ParentBased never adds or changes `ot` (§9.4).
 */
import { invalidOption } from '../errors';
import { TraceFlags, type Sampler, type SamplingParameters, type SamplingResult } from '../types';
import { alwaysOff } from './always-off';
import { alwaysOn } from './always-on';

export interface ParentBasedOptions {
  /** for spans without a (valid) parent; required */
  root: Sampler;
  /** default AlwaysOn */
  remoteParentSampled?: Sampler;
  /** default AlwaysOff */
  remoteParentNotSampled?: Sampler;
  /** default AlwaysOn */
  localParentSampled?: Sampler;
  /** default AlwaysOff */
  localParentNotSampled?: Sampler;
}

export function parentBased(options: ParentBasedOptions): Sampler {
  if (options === null || typeof options !== 'object') throw invalidOption('parentBased', options, 'an object with a root sampler');
  const root = delegate(options, 'root', undefined);
  const remoteSampled = delegate(options, 'remoteParentSampled', alwaysOn());
  const remoteNotSampled = delegate(options, 'remoteParentNotSampled', alwaysOff());
  const localSampled = delegate(options, 'localParentSampled', alwaysOn());
  const localNotSampled = delegate(options, 'localParentNotSampled', alwaysOff());
  const description = `ParentBased{root=${String(root)},remoteParentSampled=${String(remoteSampled)},`
    + `remoteParentNotSampled=${String(remoteNotSampled)},localParentSampled=${String(localSampled)},`
    + `localParentNotSampled=${String(localNotSampled)}}`;
  return Object.freeze({
    shouldSample(params: SamplingParameters): SamplingResult {
      // the tracer passes a parent only when its ids are valid (SamplingParameters.parent)
      const parent = params.parent;
      if (parent === undefined || parent === null) return root.shouldSample(params);
      const sampled = (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
      if (parent.isRemote === true) return (sampled ? remoteSampled : remoteNotSampled).shouldSample(params);
      return (sampled ? localSampled : localNotSampled).shouldSample(params);
    },
    toString: () => description,
  });
}

/** The sampler under `name`, or `fallback` when unset; anything but a sampler throws at setup. */
function delegate(options: ParentBasedOptions, name: keyof ParentBasedOptions, fallback: Sampler | undefined): Sampler {
  const value: unknown = options[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (value !== null && typeof value === 'object' && typeof (value as Sampler).shouldSample === 'function') return value as Sampler;
  throw invalidOption(`parentBased.${name}`, value, 'a sampler (an object with shouldSample)');
}
