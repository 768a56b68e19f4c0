/**
 * Typed readers for OpenTelemetry environment variables, following OT-ENV (SPEC-NOTES 0.6): empty
 * means unset; an unparsable or out-of-range value is warned about once (naming the variable and
 * the value) and treated as unset; enums are case-insensitive; booleans are true only for "true".
 */
import { warnOnce } from '../diag';

export type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Warns once that `name=value` is ignored because it is not `expected`. */
export function warnInvalidEnv(name: string, value: string, expected: string): void {
  warnOnce(`env:${name}=${value}`, `ignoring ${name}=${JSON.stringify(value)}: expected ${expected}`);
}

export function readString(env: Env, name: string): string | undefined {
  return raw(env, name);
}

export function readBoolean(env: Env, name: string): boolean | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower !== 'false') warnInvalidEnv(name, value, '"true" or "false" (treated as false)');
  return false;
}

/** An integer in [min, max] (default 0 … 2^31−1). */
export function readInteger(env: Env, name: string, min = 0, max = 2 ** 31 - 1): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  if (/^[+-]?\d+$/.test(value)) {
    const parsed = Number(value);
    if (parsed >= min && parsed <= max) return parsed;
  }
  warnInvalidEnv(name, value, `an integer from ${min} to ${max}`);
  return undefined;
}

/** A finite number in [min, max]. */
export function readNumber(env: Env, name: string, min: number, max: number): number | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= min && parsed <= max) return parsed;
  warnInvalidEnv(name, value, `a number from ${min} to ${max}`);
  return undefined;
}

/** A comma-separated list, trimmed, lowercased, empty items and duplicates removed. */
export function readList(env: Env, name: string): string[] | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const items: string[] = [];
  for (const item of value.split(',')) {
    const lower = item.trim().toLowerCase();
    if (lower !== '' && !items.includes(lower)) items.push(lower);
  }
  return items;
}

/** One of `allowed` (compared lowercase); anything else warns and reads as unset. */
export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase() as T;
  if (allowed.includes(lower)) return lower;
  warnInvalidEnv(name, value, `one of ${allowed.join(', ')}`);
  return undefined;
}
