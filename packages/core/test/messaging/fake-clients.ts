/**
 * Stand-ins for the three Node clients the README recipes are written for, with the same call
 * signatures and — what matters here — the same header shapes on produce and on consume:
 *
 * - kafkajs: `message.headers` is an object; values are `Buffer | string`, or an array of them for
 *   a repeated header; a consumer gets `Buffer`s (an array of `Buffer`s for a repeated name).
 * - node-rdkafka (and @confluentinc/kafka-javascript's node-rdkafka-style API): headers are an
 *   array of one-key objects, `[{ name: Buffer | string }]`; a consumer gets `Buffer` values.
 * - amqplib: `options.headers` / `msg.properties.headers` is a plain object; string values arrive
 *   as strings.
 *
 * Each encodes to the broker's wire form (`[name, bytes]` pairs) and decodes from it, so the
 * consumer never sees an object the producer built.
 */
import { EventEmitter } from 'node:events';
import type { InProcessBroker, WireMessage } from './in-process-broker';

const bytes = (value: Buffer | string): Buffer => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);

// --- kafkajs ---------------------------------------------------------------------------------

export type KafkaJsHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;
export interface KafkaJsMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: KafkaJsHeaders;
}
export interface KafkaJsConsumed {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  timestamp: string;
  headers?: KafkaJsHeaders;
}
export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaJsConsumed;
}
export interface EachBatchPayload {
  batch: { topic: string; partition: number; messages: KafkaJsConsumed[] };
}

function kafkaJsWireHeaders(headers: KafkaJsHeaders | undefined): Array<[string, Buffer]> {
  const pairs: Array<[string, Buffer]> = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, bytes(one)]);
  }
  return pairs;
}

function kafkaJsConsumed(wire: WireMessage): KafkaJsConsumed {
  const headers: Record<string, Buffer | Buffer[]> = {};
  for (const [name, value] of wire.headers) {
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return { key: wire.key, value: wire.value, offset: String(wire.offset), timestamp: String(Date.now()), headers };
}

export class FakeKafkaJsProducer {
  constructor(private readonly broker: InProcessBroker) {}

  async send(record: { topic: string; messages: KafkaJsMessage[] }): Promise<Array<{ topicName: string; partition: number; baseOffset: string }>> {
    const offsets = record.messages.map((message) =>
      this.broker.publish({
        destination: record.topic,
        key: message.key == null ? null : bytes(message.key),
        value: bytes(message.value ?? ''),
        headers: kafkaJsWireHeaders(message.headers),
        meta: {},
      }),
    );
    return [{ topicName: record.topic, partition: 0, baseOffset: String(offsets[0] ?? 0) }];
  }
}

export class FakeKafkaJsConsumer {
  private topic = '';
  constructor(private readonly broker: InProcessBroker) {}

  async subscribe(subscription: { topic: string }): Promise<void> {
    this.topic = subscription.topic;
  }

  async run(handlers: { eachMessage?(payload: EachMessagePayload): Promise<void>; eachBatch?(payload: EachBatchPayload): Promise<void> }): Promise<void> {
    const topic = this.topic;
    this.broker.subscribe(topic, async (wire) => {
      const messages = wire.map(kafkaJsConsumed);
      if (handlers.eachBatch !== undefined) return handlers.eachBatch({ batch: { topic, partition: 0, messages } });
      for (const message of messages) await handlers.eachMessage?.({ topic, partition: 0, message });
    });
  }
}

// --- node-rdkafka ----------------------------------------------------------------------------

export type RdKafkaHeader = Record<string, Buffer | string>;
export interface RdKafkaMessage {
  value: Buffer;
  key?: Buffer;
  topic: string;
  partition: number;
  offset: number;
  size: number;
  timestamp: number;
  headers?: RdKafkaHeader[];
}

export class FakeRdKafkaProducer {
  constructor(private readonly broker: InProcessBroker) {}

  produce(topic: string, _partition: number | null, message: Buffer, key?: string | Buffer, _timestamp?: number, _opaque?: unknown, headers?: RdKafkaHeader[]): void {
    const pairs = (headers ?? []).flatMap((header) => Object.entries(header).map(([name, value]) => [name, bytes(value)] as const));
    this.broker.publish({ destination: topic, key: key === undefined ? null : bytes(key), value: message, headers: pairs, meta: {} });
  }
}

/** Emits `'data'` per message once `consume()` is called, as node-rdkafka's flowing mode does. */
export class FakeRdKafkaConsumer extends EventEmitter {
  constructor(private readonly broker: InProcessBroker) {
    super();
  }

  subscribe(topics: string[]): this {
    for (const topic of topics) {
      this.broker.subscribe(topic, (wire) => {
        for (const message of wire) {
          const headers = message.headers.map(([name, value]) => ({ [name]: value }));
          this.emit('data', {
            value: message.value, key: message.key ?? undefined, topic, partition: 0, offset: message.offset,
            size: message.value.length, timestamp: Date.now(), ...(headers.length > 0 ? { headers } : {}),
          } satisfies RdKafkaMessage);
        }
      });
    }
    return this;
  }
}

// --- amqplib ---------------------------------------------------------------------------------

export interface AmqpMessage {
  content: Buffer;
  fields: { deliveryTag: number; redelivered: boolean; exchange: string; routingKey: string };
  properties: { headers?: Record<string, unknown>; messageId?: string };
}

export class FakeAmqpChannel {
  private readonly bindings: Array<{ queue: string; exchange: string; routingKey: string }> = [];
  constructor(private readonly broker: InProcessBroker) {}

  async bindQueue(queue: string, exchange: string, routingKey: string): Promise<void> {
    this.bindings.push({ queue, exchange, routingKey });
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: { headers?: Record<string, unknown>; messageId?: string } = {}): boolean {
    const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) =>
      typeof value === 'string' || Buffer.isBuffer(value) ? [[name, bytes(value)] as const] : [],
    );
    const meta = { exchange, routingKey, ...(options.messageId === undefined ? {} : { messageId: options.messageId }) };
    for (const binding of this.bindings) {
      if (binding.exchange !== exchange || binding.routingKey !== routingKey) continue;
      this.broker.publish({ destination: binding.queue, key: null, value: content, headers, meta });
    }
    return true;
  }

  async consume(queue: string, onMessage: (msg: AmqpMessage | null) => void | Promise<void>): Promise<{ consumerTag: string }> {
    this.broker.subscribe(queue, async (wire) => {
      for (const message of wire) {
        const headers = Object.fromEntries(message.headers.map(([name, value]) => [name, value.toString('utf8')]));
        await onMessage({
          content: message.value,
          fields: { deliveryTag: message.offset + 1, redelivered: false, exchange: message.meta.exchange ?? '', routingKey: message.meta.routingKey ?? '' },
          properties: { headers, messageId: message.meta.messageId },
        });
      }
    });
    return { consumerTag: `ctag-${queue}` };
  }
}
