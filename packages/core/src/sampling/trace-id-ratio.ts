/**
 * TraceIdRatioBased (SPEC-NOTES §9.1, §9.4). tracewire chooses the ProbabilitySampler rule as the
 * "deterministic function of the trace id": sample iff R ≥ T, where R is the last 14 hex digits
 * (56 random bits, TC Level 2) of the trace id and T = round((1 − p) × 2^56). Decisions therefore
 * agree with any Level-2 ProbabilitySampler, and a higher ratio (lower T) samples a superset.
 * T is computed once, exactly, with BigInt; the hot path compares two 14-character lowercase hex
 * strings, which orders them exactly as the numbers they spell. The parent's flag is ignored.
 * Not implemented (yet): the opt-in "probability" mode that writes `ot=th:…` on sampled roots.
 */
import { invalidOption } from '../errors';
import type { Sampler, SamplingParameters, SamplingResult } from '../types';
import { alwaysOff } from './always-off';
import { alwaysOn } from './always-on';

const RANDOMNESS_DIGITS = 14;
const TRACE_ID_LENGTH = 32;
const MAX_THRESHOLD = (1n << 56n) - 1n;

/** `ratio` in [0, 1]; anything else (NaN included) is a setup mistake and throws (SPEC-NOTES 0.7). */
export function traceIdRatio(ratio: number): Sampler {
  if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
    throw invalidOption('traceIdRatio', ratio, 'a number from 0 to 1');
  }
  const threshold = rejectionThreshold(ratio);
  const sample = alwaysOn();
  const drop = alwaysOff();
  const description = `TraceIdRatioBased{${toDecimal(ratio)}}`;
  return Object.freeze({
    shouldSample(params: SamplingParameters): SamplingResult {
      const traceId = params.traceId;
      const sampled = threshold !== undefined && typeof traceId === 'string' && traceId.length === TRACE_ID_LENGTH
        && traceId.slice(TRACE_ID_LENGTH - RANDOMNESS_DIGITS) >= threshold;
      // delegating keeps one place that decides how the parent's tracestate is carried
      return (sampled ? sample : drop).shouldSample(params);
    },
    toString: () => description,
  });
}

/**
 * T as 14 lowercase hex digits, or undefined for p = 0 ("never": clamping 2^56 down would still
 * admit R = ffffffffffffff). p × 2^56 is exact in a double (a power-of-two scale), so
 * 2^56 − p × 2^56 is the exact product (1 − p) × 2^56; rounding it half-up means rounding
 * p × 2^56 half-down. Computing 1 − p in floating point first would add an error.
 */
export function rejectionThreshold(ratio: number): string | undefined {
  if (ratio === 0) return undefined;
  const scaled = ratio * 2 ** 56;
  const roundedScaled = Number.isInteger(scaled) ? scaled : Math.ceil(scaled - 0.5);
  let threshold = (1n << 56n) - BigInt(roundedScaled);
  if (threshold > MAX_THRESHOLD) threshold = MAX_THRESHOLD;
  if (threshold < 0n) threshold = 0n;
  return threshold.toString(16).padStart(RANDOMNESS_DIGITS, '0');
}

/** `RATIO as a decimal number` (§9.1): String() would write 1e-7 for small ratios. */
function toDecimal(ratio: number): string {
  const text = String(ratio);
  const e = text.indexOf('e-');
  if (e === -1) return text;
  const digits = text.slice(0, e).replace('.', '');
  return `0.${'0'.repeat(Number(text.slice(e + 2)) - 1)}${digits}`;
}
