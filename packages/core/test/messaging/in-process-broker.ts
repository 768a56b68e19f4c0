/**
 * A small in-process broker for the messaging tests. Messages cross it in a wire form of their
 * own (headers as `[name, bytes]` pairs, copied), so nothing the producer built reaches the
 * consumer by reference, and they are delivered by a pump that runs on a later macrotask in the
 * context the broker was *created* in — the way a real client's socket callbacks run in the
 * context it connected in — never in the producer's. Create brokers outside any trace.
 */

/** One message as it sits on the broker. */
export interface WireMessage {
  readonly destination: string;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: ReadonlyArray<readonly [string, Buffer]>;
  readonly offset: number;
  /** Extra wire fields a client keeps (AMQP exchange and routing key, ...). */
  readonly meta: Readonly<Record<string, string>>;
}

export type Delivery = (batch: WireMessage[]) => Promise<void> | void;

export interface BrokerOptions {
  /** Messages handed to a subscriber at once (default 1). */
  batchSize?: number;
  /** Run deliveries without waiting for the previous one, so handlers overlap (default false). */
  concurrent?: boolean;
  /** Reorders what is pending before each delivery round (default: publication order). */
  order?: (pending: WireMessage[]) => WireMessage[];
}

export type Publication = Omit<WireMessage, 'offset' | 'headers'> & { headers: Iterable<readonly [string, Buffer]> };

export class InProcessBroker {
  private readonly pending = new Map<string, WireMessage[]>();
  private readonly subscribers = new Map<string, Delivery>();
  private readonly offsets = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  /** Every message stored, in publication order: what crossed the wire, for the tests to read. */
  readonly log: WireMessage[] = [];
  /** What deliveries threw or rejected with (a failed assertion inside a handler, say). */
  readonly errors: unknown[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private readonly pumping: Promise<void>;

  constructor(private readonly options: BrokerOptions = {}) {
    this.pumping = this.pump();
  }

  /** Stores a copy of the message; returns its offset in `destination`. */
  publish(message: Publication): number {
    const offset = this.offsets.get(message.destination) ?? 0;
    this.offsets.set(message.destination, offset + 1);
    const headers = [...message.headers].map(([name, bytes]) => [name, Buffer.from(bytes)] as const);
    const stored: WireMessage = { ...message, key: message.key && Buffer.from(message.key), value: Buffer.from(message.value), headers, offset };
    const queue = this.pending.get(message.destination) ?? [];
    queue.push(stored);
    this.log.push(stored);
    this.pending.set(message.destination, queue);
    this.wake?.();
    return offset;
  }

  subscribe(destination: string, delivery: Delivery): void {
    this.subscribers.set(destination, delivery);
    this.wake?.();
  }

  /** Resolves once nothing is pending for a subscriber and no delivery is running. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake?.();
    });
  }

  /** The value of header `name` as it crossed the wire in `message` (exact name, first occurrence). */
  static header(message: WireMessage | undefined, name: string): string | undefined {
    return message?.headers.find(([key]) => key === name)?.[1].toString('utf8');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.pumping;
  }

  private deliverable(): boolean {
    for (const [destination, queue] of this.pending) if (queue.length > 0 && this.subscribers.has(destination)) return true;
    return false;
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (this.deliverable() || this.idleWaiters.length > 0) resolve();
      });
      this.wake = undefined;
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.round();
      if (!this.deliverable() && this.running.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
    await Promise.all(this.running);
  }

  private async round(): Promise<void> {
    const size = this.options.batchSize ?? 1;
    for (const [destination, queue] of this.pending) {
      const delivery = this.subscribers.get(destination);
      if (delivery === undefined || queue.length === 0) continue;
      const ordered = this.options.order?.(queue.splice(0)) ?? queue.splice(0);
      for (let start = 0; start < ordered.length; start += size) {
        const batch = ordered.slice(start, start + size);
        const done = (async () => delivery(batch))().catch((error: unknown) => void this.errors.push(error));
        if (this.options.concurrent !== true) {
          await done;
          continue;
        }
        const tracked: Promise<void> = done.finally(() => this.running.delete(tracked));
        this.running.add(tracked);
      }
    }
    if (this.running.size > 0) await Promise.all(this.running);
  }
}
