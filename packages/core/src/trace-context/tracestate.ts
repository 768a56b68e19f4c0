/**
 * W3C `tracestate` (SPEC-NOTES §2): an immutable, ordered list of vendor `key=value` members.
 * Parsing is all-or-nothing (§2.2 tracewire chooses); mutation never throws and never produces an
 * invalid state (§2.4, OT-API).
 */
import type { TraceStateLike } from '../types';

/** §2.1 list limit; §2.4 the right-most member goes when an addition would exceed it. */
const MAX_MEMBERS = 32;
/** §2.1 key and value are both 1–256 chars. */
const MAX_KEY_LENGTH = 256;
const MAX_VALUE_LENGTH = 256;
/** §2.3 tracewire chooses: the outgoing header is capped at 512 chars. */
const MAX_SERIALIZED_LENGTH = 512;
/** §2.3: entries longer than this are the first to go when truncating. */
const LONG_ENTRY_LENGTH = 128;

type Entry = readonly [key: string, value: string];

export class TraceState implements TraceStateLike {
  private static readonly EMPTY = new TraceState([]);

  private readonly members: readonly Entry[];
  private serialized: string | undefined;

  private constructor(members: readonly Entry[]) {
    this.members = members;
  }

  /**
   * Parses one header value or several fields (combined in order, §2.2 step 2). Returns undefined
   * when the whole tracestate must be discarded; an empty or whitespace-only header is an empty state.
   */
  static parse(value: unknown): TraceState | undefined {
    const header = combineFields(value);
    if (header === undefined) return undefined;
    const members: Entry[] = [];
    let nonEmpty = 0;
    let from = 0;
    while (from <= header.length) {
      let to = header.indexOf(',', from);
      if (to === -1) to = header.length;
      let start = from;
      let end = to;
      from = to + 1;
      while (start < end && isOws(header.charCodeAt(start))) start++;
      while (end > start && isOws(header.charCodeAt(end - 1))) end--;
      if (start === end) continue; // empty members are allowed (§2.1)
      if (++nonEmpty > MAX_MEMBERS) return undefined;
      const eq = header.indexOf('=', start);
      if (eq === -1 || eq >= end) return undefined;
      const key = header.slice(start, eq);
      const memberValue = header.slice(eq + 1, end);
      if (!isValidKey(key) || !isValidValue(memberValue)) return undefined;
      // §2.2 step 6 tracewire chooses: the left-most occurrence of a key wins.
      if (indexOfKey(members, key) === -1) members.push([key, memberValue]);
    }
    return members.length === 0 ? TraceState.EMPTY : new TraceState(members);
  }

  /** The shared empty state. */
  static empty(): TraceState {
    return TraceState.EMPTY;
  }

  get size(): number {
    return this.members.length;
  }

  get(key: string): string | undefined {
    const at = indexOfKey(this.members, key);
    return at === -1 ? undefined : this.members[at]![1];
  }

  /** Adds or updates `key` as the left-most member (§2.4); invalid input returns `this`. */
  set(key: string, value: string): TraceState {
    if (!isValidKey(key) || !isValidValue(value)) return this;
    const next: Entry[] = [[key, value]];
    for (const member of this.members) if (member[0] !== key) next.push(member);
    if (next.length > MAX_MEMBERS) next.length = MAX_MEMBERS;
    return new TraceState(next);
  }

  unset(key: string): TraceState {
    if (indexOfKey(this.members, key) === -1) return this;
    const next = this.members.filter((member) => member[0] !== key);
    return next.length === 0 ? TraceState.EMPTY : new TraceState(next);
  }

  /** The members in order, as fresh `[key, value]` pairs. */
  entries(): Array<[string, string]> {
    return this.members.map(([key, value]): [string, string] => [key, value]);
  }

  /** `,`-joined without OWS, truncated to 512 chars by removing whole entries (§2.3). */
  serialize(): string {
    return (this.serialized ??= joinWithinCap(this.members.map(([key, value]) => `${key}=${value}`)));
  }
}

/**
 * §2.3: whole entries only; entries over 128 chars go first (right-most of them first, and only as
 * many as needed), then entries from the right end.
 */
function joinWithinCap(entries: string[]): string {
  let length = entries.reduce((sum, entry) => sum + entry.length, 0) + Math.max(0, entries.length - 1);
  const keep = entries.map(() => true);
  let kept = entries.length;
  const drop = (i: number): void => {
    keep[i] = false;
    kept--;
    length -= entries[i]!.length + (kept > 0 ? 1 : 0);
  };
  for (let i = entries.length - 1; i >= 0 && length > MAX_SERIALIZED_LENGTH; i--) {
    if (entries[i]!.length > LONG_ENTRY_LENGTH) drop(i);
  }
  for (let i = entries.length - 1; i >= 0 && length > MAX_SERIALIZED_LENGTH; i--) {
    if (keep[i]) drop(i);
  }
  return kept === entries.length ? entries.join(',') : entries.filter((_, i) => keep[i]).join(',');
}

/** §2.2 step 2: several header fields form one list, joined in received order. */
function combineFields(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  for (const field of value) if (typeof field !== 'string') return undefined;
  return value.join(',');
}

function indexOfKey(members: readonly Entry[], key: string): number {
  for (let i = 0; i < members.length; i++) if (members[i]![0] === key) return i;
  return -1;
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** §2.1 current key grammar: `[a-z0-9][a-z0-9_\-*\/@]{0,255}`. */
function isValidKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  if (!isLowerAlnum(key.charCodeAt(0))) return false;
  for (let i = 1; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (!isLowerAlnum(code) && code !== 0x5f && code !== 0x2d && code !== 0x2a && code !== 0x2f && code !== 0x40) {
      return false;
    }
  }
  return true;
}

function isLowerAlnum(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/** §2.1 value: 1–256 chars of 0x20–0x7E except `,` and `=`, not ending in a space. */
function isValidValue(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) return false;
  if (value.charCodeAt(value.length - 1) === 0x20) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x2c || code === 0x3d) return false;
  }
  return true;
}
