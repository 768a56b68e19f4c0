/**
 * Default getter and setter for the carriers tracewire meets: Node's IncomingHttpHeaders and any
 * plain object (kafkajs and amqplib message headers among them), WHATWG `Headers`, `Map`, objects
 * with `getHeader`/`setHeader` (http.ClientRequest, ServerResponse), and message-queue header
 * arrays (node-rdkafka's `[{ name: Buffer }]` and `[{ key, value }]` records: header-arrays.ts).
 * Lookups are case-insensitive (SPEC-NOTES 0.5); Buffer values are read as UTF-8, and a name
 * present more than once gives all its values.
 */
import type { CarrierGetter, CarrierSetter } from '../types';
import { getFromArray, keysOfArray, setInArray } from './header-arrays';
import { type HeaderValue, oneOrMany, toText } from './header-text';

interface HeadersLike {
  get(name: string): string | null;
  set(name: string, value: string): void;
  forEach(cb: (value: string, key: string) => void): void;
}
interface OutgoingLike {
  getHeader(name: string): unknown;
  setHeader(name: string, value: string): unknown;
  getHeaderNames?(): string[];
}

function isHeadersLike(carrier: object): carrier is HeadersLike {
  return typeof (carrier as HeadersLike).get === 'function' && typeof (carrier as HeadersLike).forEach === 'function';
}

function isOutgoingLike(carrier: object): carrier is OutgoingLike {
  return typeof (carrier as OutgoingLike).setHeader === 'function' && typeof (carrier as OutgoingLike).getHeader === 'function';
}

/** One header value as the propagators want it: kafkajs repeats a header as an array of Buffers. */
function normalise(value: unknown): HeaderValue {
  if (Array.isArray(value)) {
    const texts: string[] = [];
    for (const item of value) {
      const text = toText(item);
      if (text !== undefined) texts.push(text);
    }
    return oneOrMany(texts);
  }
  if (typeof value === 'number') return String(value);
  return toText(value);
}

function getFromObject(carrier: Record<string, unknown>, key: string): HeaderValue {
  // Node lowercases incoming header names, so the exact key almost always hits; scanning is the
  // fallback for hand-built objects such as `{ TraceParent: ... }`.
  if (Object.prototype.hasOwnProperty.call(carrier, key)) return normalise(carrier[key]);
  for (const name of Object.keys(carrier)) {
    if (name.toLowerCase() === key) return normalise(carrier[name]);
  }
  return undefined;
}

/** Reads `key` (lowercase) from any supported carrier; never throws. */
export const defaultGetter: CarrierGetter = {
  get(carrier, key) {
    if (carrier === null || typeof carrier !== 'object') return undefined;
    const name = key.toLowerCase();
    try {
      if (Array.isArray(carrier)) return getFromArray(carrier, name);
      if (carrier instanceof Map) {
        for (const [k, v] of carrier) if (typeof k === 'string' && k.toLowerCase() === name) return normalise(v);
        return undefined;
      }
      if (isHeadersLike(carrier)) return carrier.get(name) ?? undefined;
      if (isOutgoingLike(carrier)) return normalise(carrier.getHeader(name));
      return getFromObject(carrier as Record<string, unknown>, name);
    } catch {
      return undefined;
    }
  },
  keys(carrier) {
    if (carrier === null || typeof carrier !== 'object') return [];
    try {
      if (Array.isArray(carrier)) return keysOfArray(carrier);
      if (carrier instanceof Map) return [...carrier.keys()].filter((k): k is string => typeof k === 'string');
      if (isHeadersLike(carrier)) {
        const names: string[] = [];
        carrier.forEach((_v, k) => names.push(k));
        return names;
      }
      if (isOutgoingLike(carrier)) return carrier.getHeaderNames?.() ?? [];
      return Object.keys(carrier);
    } catch {
      return [];
    }
  },
};

/**
 * Writes `key: value` into any supported carrier, in the carrier's own shape, replacing an
 * existing value of the same name (any case) so a header is never sent twice; never throws.
 */
export const defaultSetter: CarrierSetter = {
  set(carrier, key, value) {
    if (carrier === null || typeof carrier !== 'object') return;
    try {
      if (Array.isArray(carrier)) {
        setInArray(carrier, key, value);
        return;
      }
      if (carrier instanceof Map) {
        for (const k of [...carrier.keys()]) if (typeof k === 'string' && k.toLowerCase() === key) carrier.delete(k);
        carrier.set(key, value);
        return;
      }
      if (isHeadersLike(carrier)) {
        carrier.set(key, value);
        return;
      }
      if (isOutgoingLike(carrier)) {
        carrier.setHeader(key, value);
        return;
      }
      const record = carrier as Record<string, unknown>;
      for (const name of Object.keys(record)) if (name !== key && name.toLowerCase() === key) delete record[name];
      record[key] = value;
    } catch {
      // a frozen or exotic carrier: propagation is best-effort, never a crash
    }
  },
};

/**
 * For Node's `IncomingMessage.headers` only: Node lowercases every incoming header name, so a miss
 * is a miss — no case-insensitive scan of every key (which `defaultGetter` must do for hand-built
 * objects, and which the server path would otherwise pay on every request for absent headers).
 */
export const incomingHeadersGetter: CarrierGetter<Record<string, string | string[] | undefined>> = {
  get(carrier, key) {
    const value = carrier[key];
    return Array.isArray(value) ? (value.length === 1 ? value[0] : value) : value;
  },
  keys(carrier) {
    return Object.keys(carrier);
  },
};
