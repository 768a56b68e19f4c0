/**
 * The tail sampler's memory of its last `capacity` decisions, so spans ending after their trace
 * was decided follow it. Forgotten oldest first through a ring of keys: deleting a Map's first
 * entry and then looking for the new first one would scan the deleted slots, on every call.
 */
import type { TailSamplingReason } from '../types';

/** The reason a trace was kept, or null when it was dropped. */
export type Decision = TailSamplingReason | null;

export class RecentDecisions {
  private readonly decisions = new Map<string, Decision>();
  private readonly ring: Array<string | undefined> = [];
  private count = 0;

  constructor(private readonly capacity: number) {}

  /** undefined when the trace was not decided (or was forgotten). */
  get(key: string): Decision | undefined {
    return this.decisions.get(key);
  }

  remember(key: string, decision: Decision): void {
    const slot = this.count++ % this.capacity;
    const forgotten = this.ring[slot];
    if (forgotten !== undefined) this.decisions.delete(forgotten);
    this.ring[slot] = key;
    this.decisions.set(key, decision);
  }
}
