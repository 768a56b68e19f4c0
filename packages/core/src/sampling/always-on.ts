/** AlwaysOn (SPEC-NOTES §9.1): every span is recorded and sampled. */
import { SamplingDecision, type Sampler } from '../types';
import { fixedDecisionSampler } from './fixed-decision';

const ALWAYS_ON = fixedDecisionSampler(SamplingDecision.RECORD_AND_SAMPLE, 'AlwaysOnSampler');

export function alwaysOn(): Sampler {
  return ALWAYS_ON;
}
