/**
 * The tail sampler's memory of recent decisions, so spans ending after their trace was decided
 * follow it. A fixed two-way table of max(4096, 4 × `capacity`) slots: one hash of the key picks a
 * bucket of two slots, a second 32-bit hash is kept as the fingerprint, and a new decision takes
 * the older slot of its bucket. No key strings are kept and nothing is allocated per decision (a
 * Map of the last thousands of keys measured ~0.5 µs more per trace, in hashing, rehashing and
 * garbage collection). A decision is forgotten only once two later ones land in its bucket: it
 * outlives `capacity` later decisions ~90 % of the time; a forgotten one only means its late spans
 * are held and decided on their own. A wrong match needs both hashes to collide (≈ 2⁻³² per look).
 */
import type { TailSamplingReason } from '../types';

/** The reason a trace was kept, or null when it was dropped. */
export type Decision = TailSamplingReason | null;

const DECISIONS: readonly Decision[] = [null, 'error', 'slow', 'attribute', 'probabilistic'];
const CODES: Readonly<Record<TailSamplingReason, number>> = { error: 1, slow: 2, attribute: 3, probabilistic: 4 };
const MIN_SLOTS = 4096;

export class RecentDecisions {
  private readonly bucketMask: number;
  private readonly fingerprints: Int32Array;
  /** decision code + 1 (0: an empty slot) */
  private readonly codes: Uint8Array;
  /** when each slot was written, to replace the older of a bucket's two */
  private readonly written: Float64Array;
  private writes = 0;
  /** The last key's bucket and fingerprint: a root is usually looked up, then remembered. */
  private lastKey = '';
  private lastBucket = 0;
  private lastFingerprint = 0;

  constructor(capacity: number) {
    let slots = MIN_SLOTS;
    while (slots < 4 * capacity) slots *= 2;
    this.bucketMask = slots / 2 - 1;
    this.fingerprints = new Int32Array(slots);
    this.codes = new Uint8Array(slots);
    this.written = new Float64Array(slots);
  }

  /** undefined when the trace was not decided (or was forgotten). */
  get(key: string): Decision | undefined {
    const slot = this.find(key);
    return slot === -1 ? undefined : DECISIONS[this.codes[slot]! - 1];
  }

  remember(key: string, decision: Decision): void {
    let slot = this.find(key);
    if (slot === -1) {
      const first = this.lastBucket * 2;
      slot = this.codes[first] === 0 || (this.codes[first + 1] !== 0 && this.written[first]! <= this.written[first + 1]!) ? first : first + 1;
    }
    this.fingerprints[slot] = this.lastFingerprint;
    this.codes[slot] = (decision === null ? 0 : CODES[decision]) + 1;
    this.written[slot] = ++this.writes;
  }

  /** The slot holding `key`, or -1; leaves its bucket and fingerprint in `last*`. */
  private find(key: string): number {
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastBucket = hashA(key) & this.bucketMask;
      this.lastFingerprint = hashB(key);
    }
    const first = this.lastBucket * 2;
    if (this.codes[first] !== 0 && this.fingerprints[first] === this.lastFingerprint) return first;
    if (this.codes[first + 1] !== 0 && this.fingerprints[first + 1] === this.lastFingerprint) return first + 1;
    return -1;
  }
}

/** FNV-1a over the key's UTF-16 code units, forwards and backwards: two independent 32-bit hashes. */
function hashA(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function hashB(key: string): number {
  let hash = 0x050c5d1f;
  for (let i = key.length - 1; i >= 0; i--) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}
