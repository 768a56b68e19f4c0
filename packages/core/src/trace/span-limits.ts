/**
 * Span limits (SPEC-NOTES §4.3): defaults and the resolution of code options. Env parsing lives
 * with the rest of configuration; by the time a tracer exists every limit is a plain number.
 */
import { invalidOption } from '../errors';
import type { SpanLimits } from '../types';

/** Every limit filled in. "No length limit" is `Infinity`, so the hot path is one comparison. */
export type ResolvedSpanLimits = { readonly [K in keyof SpanLimits]-?: number };

export const DEFAULT_SPAN_LIMITS: ResolvedSpanLimits = Object.freeze({
  attributeCountLimit: 128,
  attributeValueLengthLimit: Infinity,
  eventCountLimit: 128,
  linkCountLimit: 128,
  attributePerEventCountLimit: 128,
  attributePerLinkCountLimit: 128,
});

const LIMIT_NAMES = Object.keys(DEFAULT_SPAN_LIMITS) as Array<keyof SpanLimits>;

/**
 * Fills unset limits with the defaults. A code option that is not a non-negative integer throws
 * (SPEC-NOTES 0.7: invalid code options fail fast at construction); `Infinity` is accepted for the
 * value-length limit only, meaning "no limit".
 */
export function resolveSpanLimits(partial?: SpanLimits): ResolvedSpanLimits {
  if (partial === undefined || partial === null) return DEFAULT_SPAN_LIMITS;
  if (typeof partial !== 'object') throw invalidOption('spanLimits', partial, 'an object');
  const resolved: Record<string, number> = {};
  for (const name of LIMIT_NAMES) {
    const value: unknown = partial[name];
    if (value === undefined) {
      resolved[name] = DEFAULT_SPAN_LIMITS[name];
    } else if (isLimit(value) || (name === 'attributeValueLengthLimit' && value === Infinity)) {
      resolved[name] = value as number;
    } else {
      throw invalidOption(`spanLimits.${name}`, value, 'a non-negative integer');
    }
  }
  return Object.freeze(resolved as ResolvedSpanLimits);
}

function isLimit(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
