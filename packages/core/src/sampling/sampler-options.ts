/**
 * Option checks shared by the samplers that keep a share of the traffic (rate-limited, adaptive):
 * a bad value in code is a setup mistake and throws TW_ERR_INVALID_OPTION (SPEC-NOTES 0.7).
 */
import { invalidOption } from '../errors';
import { now } from '../trace/clock';

/** A bare number means `{ perSecond: n }`. */
export function optionsObject<T extends { perSecond: number }>(sampler: string, options: number | T): T {
  if (typeof options === 'number') return { perSecond: options } as T;
  if (options === null || typeof options !== 'object') throw invalidOption(sampler, options, 'a number of traces per second or an options object');
  return options;
}

/** A finite number above `min` (or at least `min` when `inclusive`). */
export function checkNumber(option: string, value: unknown, min: number, inclusive: boolean): number {
  if (typeof value === 'number' && Number.isFinite(value) && (inclusive ? value >= min : value > min)) return value;
  throw invalidOption(option, value, `a finite number ${inclusive ? 'of at least' : 'above'} ${min}`);
}

/** The injected clock, or the span clock (monotonic: wall-clock adjustments do not bend the rate). */
export function clockOption(option: string, value: unknown): () => number {
  if (value === undefined) return now;
  if (typeof value === 'function') return value as () => number;
  throw invalidOption(option, value, 'a function returning milliseconds');
}
