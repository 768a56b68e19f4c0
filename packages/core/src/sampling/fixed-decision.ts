/**
 * A sampler that always gives one decision (AlwaysOn, AlwaysOff). It returns the parent's
 * tracestate unchanged (SPEC-NOTES §4.1) and allocates nothing when there is none to carry.
 */
import type { Sampler, SamplingDecision, SamplingParameters, SamplingResult } from '../types';

export function fixedDecisionSampler(decision: SamplingDecision, description: string): Sampler {
  const bare: SamplingResult = Object.freeze({ decision });
  return Object.freeze({
    shouldSample(params: SamplingParameters): SamplingResult {
      const traceState = params.parent?.traceState;
      return traceState === undefined ? bare : { decision, traceState };
    },
    toString: () => description,
  });
}
