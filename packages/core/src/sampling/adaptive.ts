/**
 * Adaptive head sampler (a tracewire extension): aims at `perSecond` sampled traces per second by
 * recomputing its ratio once per window from the traffic it saw, ratio = perSecond / estimated
 * traffic, kept within [minRatio, maxRatio]. The estimate gives the last window half the weight,
 * so a change of load is followed within a few windows without one noisy window swinging it.
 * The first window, before any traffic was seen, samples at the ceiling.
 *
 * Each decision is the `traceIdRatio` rule at the current ratio (R ≥ T on the trace id,
 * SPEC-NOTES §9.4), so while the ratio holds, a trace id gets the same decision here and in any
 * service sampling at that ratio, and a higher ratio keeps a superset of a lower one.
 */
import { invalidOption } from '../errors';
import type { AdaptiveSampler, AdaptiveSamplerOptions, AdaptiveSamplerStats, Sampler, SamplingParameters, SamplingResult } from '../types';
import { SamplingDecision } from '../types';
import { checkNumber, clockOption, optionsObject } from './sampler-options';
import { traceIdRatio } from './trace-id-ratio';

/** Weight of the window just closed in the traffic estimate. */
const LAST_WINDOW_WEIGHT = 0.5;

export function adaptive(options: number | AdaptiveSamplerOptions): AdaptiveSampler {
  const opts = optionsObject('adaptive', options);
  const target = checkNumber('adaptive.perSecond', opts.perSecond, 0, false);
  const floor = opts.minRatio === undefined ? 0 : checkRatio('adaptive.minRatio', opts.minRatio);
  const ceiling = opts.maxRatio === undefined ? 1 : checkRatio('adaptive.maxRatio', opts.maxRatio);
  if (floor > ceiling) throw invalidOption('adaptive.minRatio', floor, `at most maxRatio (${ceiling})`);
  const windowMillis = opts.windowMillis === undefined ? 1000 : checkNumber('adaptive.windowMillis', opts.windowMillis, 0, false);
  const read = clockOption('adaptive.clock', opts.clock);
  const description = `Adaptive{${target}}`;

  let ratio = ceiling;
  let decide: Sampler = traceIdRatio(ratio);
  let estimate: number | undefined;
  let windowStart = read();
  let seen = 0;
  let sampled = 0;
  let dropped = 0;

  /**
   * Closes the window. The old estimate keeps (1 − weight) per window's length elapsed, so a quiet
   * spell of many windows counts as many quiet windows, not as one.
   */
  function adjust(time: number): void {
    const elapsed = time - windowStart;
    const observed = (seen * 1000) / elapsed;
    const keep = estimate === undefined ? 0 : (1 - LAST_WINDOW_WEIGHT) ** (elapsed / windowMillis);
    estimate = keep * (estimate ?? 0) + (1 - keep) * observed;
    const next = estimate > 0 ? Math.min(ceiling, Math.max(floor, target / estimate)) : ceiling;
    if (next !== ratio) {
      ratio = next;
      decide = traceIdRatio(ratio);
    }
    windowStart = time;
    seen = 0;
  }

  return Object.freeze({
    shouldSample(params: SamplingParameters): SamplingResult {
      const time = read();
      if (time - windowStart >= windowMillis) adjust(time);
      seen++;
      const result = decide.shouldSample(params);
      if (result.decision === SamplingDecision.RECORD_AND_SAMPLE) sampled++;
      else dropped++;
      return result;
    },
    stats: (): AdaptiveSamplerStats => ({ sampled, dropped, ratio, observedPerSecond: estimate }),
    toString: () => description,
  });
}

function checkRatio(option: string, value: unknown): number {
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw invalidOption(option, value, 'a number from 0 to 1');
}
