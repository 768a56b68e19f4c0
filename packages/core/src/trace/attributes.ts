/**
 * Attribute sanitising and limits (SPEC-NOTES §4.2, §4.3). Runs on every `setAttribute`, so it
 * allocates only when it must: primitives are stored as given, strings are sliced only when over
 * the length limit, arrays are copied once (the caller may mutate theirs afterwards).
 * Counting and diagnostics belong to the caller (one message per span, §4.3).
 */
import type { AttributeValue } from '../types';

/** What became of one attribute write. */
export const AttributeWrite = {
  /** stored under a new key: the caller's key count grows by one */
  ADDED: 0,
  /** an existing key overwritten: allowed even at the count limit (§4.3, new keys only) */
  REPLACED: 1,
  /** empty or non-string key, or an undefined/null value: ignored without a diagnostic */
  IGNORED: 2,
  /** a new key beyond the count limit: count it as dropped */
  OVER_LIMIT: 3,
  /** a value outside the stable subset (object, bigint, function, mixed array...): dropped */
  INVALID: 4,
} as const;
export type AttributeWrite = (typeof AttributeWrite)[keyof typeof AttributeWrite];

export type AttributeMap = Record<string, AttributeValue>;

/** A shared, frozen map for events and links that carry no attributes. */
export const EMPTY_ATTRIBUTES: Readonly<AttributeMap> = Object.freeze({});

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Writes `key = value` into `target`, which holds `size` keys, respecting the count and
 * value-length limits. Undefined/null values are ignored rather than treated as invalid: the public
 * `Attributes` type allows undefined, and `{ a: maybe }` is the common way to write "if present".
 */
export function writeAttribute(
  target: AttributeMap,
  size: number,
  key: unknown,
  value: unknown,
  countLimit: number,
  lengthLimit: number,
): AttributeWrite {
  if (typeof key !== 'string' || key.length === 0 || value === undefined || value === null) {
    return AttributeWrite.IGNORED;
  }
  const clean = sanitizeAttributeValue(value, lengthLimit);
  if (clean === undefined) return AttributeWrite.INVALID;
  if (hasOwn.call(target, key)) {
    target[key] = clean;
    return AttributeWrite.REPLACED;
  }
  if (size >= countLimit) return AttributeWrite.OVER_LIMIT;
  if (key === '__proto__') {
    // plain assignment would hit Object.prototype's setter and silently store nothing
    Object.defineProperty(target, key, { value: clean, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = clean;
  }
  return AttributeWrite.ADDED;
}

/** The stable-subset value, truncated to `lengthLimit`, or undefined when the type is unsupported. */
export function sanitizeAttributeValue(value: unknown, lengthLimit: number): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > lengthLimit ? truncateString(value, lengthLimit) : value;
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return Array.isArray(value) ? sanitizeArray(value, lengthLimit) : undefined;
    default:
      return undefined;
  }
}

/**
 * A copy of a homogeneous array of strings, numbers or booleans (null/undefined elements allowed),
 * string elements truncated; undefined when element types are mixed or unsupported.
 */
function sanitizeArray(values: readonly unknown[], lengthLimit: number): AttributeValue | undefined {
  const length = values.length;
  const copy: unknown[] = new Array(length);
  let elementType: string | undefined;
  for (let i = 0; i < length; i++) {
    const element = values[i];
    if (element === null || element === undefined) {
      copy[i] = element;
      continue;
    }
    const type = typeof element;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
    if (elementType === undefined) elementType = type;
    else if (type !== elementType) return undefined;
    copy[i] = type === 'string' && (element as string).length > lengthLimit
      ? truncateString(element as string, lengthLimit)
      : element;
  }
  return copy as AttributeValue;
}

/**
 * At most `limit` UTF-16 code units, never ending in half a surrogate pair: when the cut would
 * split one, it moves one unit earlier (SPEC-NOTES §4.3, tracewire chooses).
 */
export function truncateString(value: string, limit: number): string {
  if (value.length <= limit) return value;
  let end = limit;
  if (end > 0 && isHighSurrogate(value.charCodeAt(end - 1)) && isLowSurrogate(value.charCodeAt(end))) end -= 1;
  return value.slice(0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Attributes copied for an event or a link, with what was dropped on the way. */
export interface CopiedAttributes {
  readonly attributes: Readonly<AttributeMap>;
  /** new keys beyond the count limit */
  readonly dropped: number;
  /** whether any value had an unsupported type */
  readonly invalid: boolean;
}

const NOTHING_COPIED: CopiedAttributes = Object.freeze({ attributes: EMPTY_ATTRIBUTES, dropped: 0, invalid: false });

/** Sanitises a whole attribute object into a fresh map under the given limits. */
export function copyAttributes(source: unknown, countLimit: number, lengthLimit: number): CopiedAttributes {
  if (source === null || typeof source !== 'object') return NOTHING_COPIED;
  const keys = Object.keys(source);
  if (keys.length === 0) return NOTHING_COPIED;
  const attributes: AttributeMap = {};
  let size = 0;
  let dropped = 0;
  let invalid = false;
  for (const key of keys) {
    const outcome = writeAttribute(attributes, size, key, (source as Record<string, unknown>)[key], countLimit, lengthLimit);
    if (outcome === AttributeWrite.ADDED) size++;
    else if (outcome === AttributeWrite.OVER_LIMIT) dropped++;
    else if (outcome === AttributeWrite.INVALID) invalid = true;
  }
  return { attributes, dropped, invalid };
}

/** `value` as text for names and messages: strings as given, anything else via String(), never throwing. */
export function toSafeString(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return fallback;
  try {
    return String(value);
  } catch {
    return fallback;
  }
}
