/** AlwaysOff (SPEC-NOTES §9.1): nothing is recorded; ids are still created and propagated. */
import { SamplingDecision, type Sampler } from '../types';
import { fixedDecisionSampler } from './fixed-decision';

const ALWAYS_OFF = fixedDecisionSampler(SamplingDecision.DROP, 'AlwaysOffSampler');

export function alwaysOff(): Sampler {
  return ALWAYS_OFF;
}
