/**
 * Message headers kept as an array, in the two shapes Node clients use:
 *
 * - one object per header, `[{ traceparent: <Buffer> }, { tracestate: 'a=1' }]`: node-rdkafka and
 *   the node-rdkafka-style API of @confluentinc/kafka-javascript (`MessageHeader[]`), on produce
 *   and on consume. An object holding several names is read name by name.
 * - `{ key, value }` records, `[{ key: 'traceparent', value: <Buffer> }]`.
 *
 * Reads are case-insensitive and collect a name repeated across entries in order (Kafka allows
 * repeated header keys). Writes keep the array's own shape, because a client given the other
 * shape would send the wrong headers: node-rdkafka turns `{ key, value }` into two headers named
 * "key" and "value". An array with no `{ key, value }` record in it — an empty one included —
 * gets the one-object-per-header shape, which is what the array-taking Kafka clients accept.
 */
import { type HeaderValue, oneOrMany, toText } from './header-text';

interface HeaderRecord {
  key: string;
  value: unknown;
}
type HeaderObject = Record<string, unknown>;

/** A header entry worth reading: a plain object, not a stray array, Buffer or primitive. */
function isEntry(entry: unknown): entry is object {
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) && !ArrayBuffer.isView(entry);
}

function isRecord(entry: object): entry is HeaderRecord {
  return typeof (entry as HeaderRecord).key === 'string' && 'value' in entry;
}

/** Every value of header `name` (lowercase) in `entries`, in order. */
export function getFromArray(entries: readonly unknown[], name: string): HeaderValue {
  const found: string[] = [];
  const add = (value: unknown): void => {
    const text = toText(value);
    if (text !== undefined) found.push(text);
  };
  for (const entry of entries) {
    if (!isEntry(entry)) continue;
    if (isRecord(entry)) {
      if (entry.key.toLowerCase() === name) add(entry.value);
      continue;
    }
    for (const key of Object.keys(entry)) if (key.toLowerCase() === name) add((entry as HeaderObject)[key]);
  }
  return oneOrMany(found);
}

/** The header names in `entries`, in order, repeats included. */
export function keysOfArray(entries: readonly unknown[]): string[] {
  const names: string[] = [];
  for (const entry of entries) {
    if (!isEntry(entry)) continue;
    if (isRecord(entry)) names.push(entry.key);
    else names.push(...Object.keys(entry));
  }
  return names;
}

/**
 * Removes every entry named `name` (in any letter case) and appends `name: value` as
 * bytes, in the array's shape. An object holding other names too is replaced by a copy without
 * `name` rather than edited: header objects are often shared between messages.
 */
export function setInArray(entries: unknown[], name: string, value: string): void {
  const lower = name.toLowerCase();
  let records = false;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (!isEntry(entry)) continue;
    if (isRecord(entry)) {
      records = true;
      if (entry.key.toLowerCase() === lower) entries.splice(i, 1);
      continue;
    }
    const keys = Object.keys(entry);
    const kept = keys.filter((key) => key.toLowerCase() !== lower);
    if (kept.length === keys.length) continue;
    if (kept.length === 0) entries.splice(i, 1);
    else entries[i] = Object.fromEntries(kept.map((key) => [key, (entry as HeaderObject)[key]]));
  }
  const bytes = Buffer.from(value, 'utf8');
  entries.push(records ? { key: name, value: bytes } : { [name]: bytes });
}
