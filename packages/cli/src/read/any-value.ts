/**
 * Decoding OTLP/JSON AnyValue and KeyValue lists (SPEC-NOTES 7.3) into plain values. int64
 * `intValue` arrives as a decimal string (or a number): it becomes a number when it is a safe
 * integer and stays the exact decimal string otherwise. A malformed value throws a plain message;
 * the caller adds the file and line.
 */
import type { AttributeValue, Attributes } from '../types';

const MAX_DEPTH = 64;

export function decodeAnyValue(value: unknown, depth = 1): AttributeValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('an AnyValue must be an object');
  if (depth > MAX_DEPTH) return null;
  const v = value as Record<string, unknown>;
  if ('stringValue' in v) return expectType(v.stringValue, 'string', 'stringValue');
  if ('boolValue' in v) return expectType(v.boolValue, 'boolean', 'boolValue');
  if ('intValue' in v) return decodeInt(v.intValue);
  if ('doubleValue' in v) return decodeDouble(v.doubleValue);
  if ('arrayValue' in v) return listOf(v.arrayValue, 'arrayValue').map((item) => decodeAnyValue(item, depth + 1));
  if ('kvlistValue' in v) return decodeKeyValues(listOf(v.kvlistValue, 'kvlistValue'), depth + 1);
  if ('bytesValue' in v) return expectType(v.bytesValue, 'string', 'bytesValue');
  return null;
}

/** A KeyValue list as an object; a later duplicate key wins, as in most SDKs' maps. */
export function decodeKeyValues(list: unknown, depth = 1): Attributes {
  const out: Attributes = {};
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new Error('attributes must be a list of {key, value}');
  for (const item of list) {
    if (item === null || typeof item !== 'object' || typeof (item as { key?: unknown }).key !== 'string') {
      throw new Error('an attribute must be an object with a string "key"');
    }
    const { key, value } = item as { key: string; value?: unknown };
    out[key] = decodeAnyValue(value, depth);
  }
  return out;
}

function expectType<T extends 'string' | 'boolean'>(value: unknown, type: T, field: string): string | boolean {
  if (typeof value !== type) throw new Error(`"${field}" must be a ${type}`);
  return value as string | boolean;
}

function decodeInt(value: unknown): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  throw new Error('"intValue" must be a decimal integer string');
}

function decodeDouble(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  throw new Error('"doubleValue" must be a number, "NaN", "Infinity" or "-Infinity"');
}

function listOf(value: unknown, field: string): unknown[] {
  const values = (value as { values?: unknown } | null)?.values;
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw new Error(`"${field}.values" must be a list`);
  return values;
}
