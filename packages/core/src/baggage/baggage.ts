/**
 * W3C baggage (SPEC-NOTES §3): an immutable list of `key=value;properties` members. Parsing keeps
 * every well-formed member (duplicates too) and drops only malformed ones (§3.4 tracewire chooses);
 * reading and serialising see one entry per key, the last occurrence winning, at its position.
 */
import type { BaggageEntry, BaggageLike } from '../types';
import { isBaggageValue, percentDecode, percentEncode } from './percent-encoding';

/** §3.3 tracewire chooses: input is accepted up to 180 members / 8192 bytes ... */
const MAX_INPUT_MEMBERS = 180;
const MAX_INPUT_BYTES = 8192;
/** ... and output kept to what every platform MUST propagate: 64 members / 8192 bytes. */
const MAX_OUTPUT_MEMBERS = 64;
const MAX_OUTPUT_BYTES = 8192;

type Member = readonly [key: string, entry: BaggageEntry];

/** 1 at the char codes of RFC 7230 tchar; keys are checked on every parse and set. */
const TCHARS = Uint8Array.from({ length: 128 }, (_, code) =>
  /[0-9A-Za-z!#$%&'*+\-.^_`|~]/.test(String.fromCharCode(code)) ? 1 : 0,
);

export class Baggage implements BaggageLike {
  private static readonly EMPTY = new Baggage([]);

  /** In received/set order, duplicates included (§3.4: kept while parsing). */
  private readonly members: readonly Member[];
  private uniqueMembers: readonly Member[] | undefined;
  private serialized: string | undefined;

  private constructor(members: readonly Member[]) {
    this.members = members;
  }

  /**
   * Parses one `baggage` value or several (one list, §3.1). Never throws and never fails: malformed
   * members are dropped one by one; members past 180 or past 8192 bytes are dropped from the end.
   */
  static parse(value: unknown): Baggage {
    const fields: unknown[] = Array.isArray(value) ? value : [value];
    const members: Member[] = [];
    let bytes = 0;
    for (const field of fields) {
      if (typeof field !== 'string') continue;
      for (const piece of field.split(',')) {
        const text = trimOws(piece);
        const member = text === '' ? undefined : parseMember(text);
        if (member === undefined) continue;
        // The header is ASCII (§3.2), so a well-formed member's length is its size in bytes.
        bytes += text.length + (members.length > 0 ? 1 : 0);
        if (members.length === MAX_INPUT_MEMBERS || bytes > MAX_INPUT_BYTES) return Baggage.of(members);
        members.push(member);
      }
    }
    return Baggage.of(members);
  }

  static empty(): Baggage {
    return Baggage.EMPTY;
  }

  private static of(members: readonly Member[]): Baggage {
    return members.length === 0 ? Baggage.EMPTY : new Baggage(members);
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.getAll().length;
  }

  /** The last occurrence of `key` (§3.4). */
  get(key: string): BaggageEntry | undefined {
    for (let i = this.members.length - 1; i >= 0; i--) {
      if (this.members[i]![0] === key) return this.members[i]![1];
    }
    return undefined;
  }

  /** One `[key, entry]` per key: the last occurrence, at the position of that last occurrence. */
  getAll(): ReadonlyArray<readonly [string, BaggageEntry]> {
    return (this.uniqueMembers ??= lastOccurrences(this.members));
  }

  /**
   * Sets `key` like a Map does: an existing key keeps its position (that of its last occurrence) and
   * loses its duplicates; a new key goes last. `metadata` is the property string (§3.4); an invalid
   * key, a non-string value or malformed metadata leaves the baggage unchanged.
   */
  set(key: string, value: string, metadata?: string): Baggage {
    if (!isToken(key) || typeof value !== 'string') return this;
    const properties = metadata === undefined ? '' : normalizeProperties(metadata);
    if (properties === undefined) return this;
    const member = makeMember(key, value, properties);
    const next = this.getAll().map((existing) => (existing[0] === key ? member : existing));
    if (this.get(key) === undefined) next.push(member);
    return new Baggage(next);
  }

  /** Removes every occurrence of `key`. */
  delete(key: string): Baggage {
    if (this.get(key) === undefined) return this;
    return Baggage.of(this.members.filter((member) => member[0] !== key));
  }

  /**
   * The wire form (§3.2, §3.3): one member per key, values percent-encoded, metadata re-appended
   * as received; whole members dropped from the end until ≤ 64 members and ≤ 8192 bytes.
   */
  serialize(): string {
    return (this.serialized ??= serializeWithinLimits(this.getAll()));
  }
}

function serializeWithinLimits(members: ReadonlyArray<readonly [string, BaggageEntry]>): string {
  let out = '';
  const count = Math.min(members.length, MAX_OUTPUT_MEMBERS);
  for (let i = 0; i < count; i++) {
    const [key, entry] = members[i]!;
    const wire = `${key}=${percentEncode(entry.value)}${entry.metadata ? `;${entry.metadata}` : ''}`;
    // Everything emitted is ASCII, so string length is the UTF-8 byte count.
    const next = out === '' ? wire : `${out},${wire}`;
    if (next.length > MAX_OUTPUT_BYTES) break;
    out = next;
  }
  return out;
}

function lastOccurrences(members: readonly Member[]): readonly Member[] {
  const seen = new Set<string>();
  const unique: Member[] = [];
  for (let i = members.length - 1; i >= 0; i--) {
    if (seen.has(members[i]![0])) continue;
    seen.add(members[i]![0]);
    unique.push(members[i]!);
  }
  return Object.freeze(unique.reverse());
}

/** `key OWS = OWS value *( OWS ; OWS property )`, split on the first `=` (§3.1); undefined if malformed. */
function parseMember(text: string): Member | undefined {
  const semicolon = text.indexOf(';');
  const pair = semicolon === -1 ? text : text.slice(0, semicolon);
  const eq = pair.indexOf('=');
  if (eq === -1) return undefined;
  const key = trimOws(pair.slice(0, eq));
  const wireValue = trimOws(pair.slice(eq + 1));
  if (!isToken(key) || !isBaggageValue(wireValue)) return undefined;
  const properties = semicolon === -1 ? '' : normalizeProperties(text.slice(semicolon + 1));
  if (properties === undefined) return undefined;
  return makeMember(key, percentDecode(wireValue), properties);
}

/** Frozen all the way down, since getAll() hands the members out as they are stored. */
function makeMember(key: string, value: string, properties: string): Member {
  const entry: BaggageEntry = Object.freeze(properties === '' ? { value } : { value, metadata: properties });
  return Object.freeze([key, entry] as const);
}

/**
 * Properties stay opaque (§3.4) and are not percent-decoded; only OWS around `;` and `=` is removed.
 * Empty segments (`a=1;`, `;;`) are skipped; any other malformed property makes the result undefined.
 */
function normalizeProperties(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const properties: string[] = [];
  for (const piece of text.split(';')) {
    const property = trimOws(piece);
    if (property === '') continue;
    const eq = property.indexOf('=');
    if (eq === -1) {
      if (!isToken(property)) return undefined;
      properties.push(property);
      continue;
    }
    const key = trimOws(property.slice(0, eq));
    const value = trimOws(property.slice(eq + 1));
    if (!isToken(key) || !isBaggageValue(value)) return undefined;
    properties.push(`${key}=${value}`);
  }
  return properties.join(';');
}

function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** RFC 7230 token: 1+ tchar (ALPHA, DIGIT and ``! # $ % & ' * + - . ^ _ ` | ~``), §3.1. */
function isToken(text: unknown): text is string {
  if (typeof text !== 'string' || text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTchar(text.charCodeAt(i))) return false;
  return true;
}

function isTchar(code: number): boolean {
  return TCHARS[code] === 1;
}
