/**
 * The "Message queues" recipes of packages/core/README.md, as code the tests run: keep the two in
 * step. Only the client types differ (the fakes stand in for kafkajs, node-rdkafka and amqplib)
 * and the tracer is passed in (the README uses the app's registered one).
 */
import type { EventEmitter } from 'node:events';
import {
  ROOT_CONTEXT,
  SpanKind,
  active,
  extract,
  inject,
  type Attributes,
  type Link,
  type SpanOptions,
  type TraceContext,
  type Tracer,
} from '@tracewire/core';
import type {
  AmqpMessage,
  EachBatchPayload,
  EachMessagePayload,
  FakeAmqpChannel,
  FakeKafkaJsConsumer,
  FakeKafkaJsProducer,
  FakeRdKafkaProducer,
  RdKafkaHeader,
  RdKafkaMessage,
} from './fake-clients';

// --- the two helpers -------------------------------------------------------------------------

/** Options of the PRODUCER span around one send: `send <destination>`. */
export function sendSpan(system: string, destination: string, attributes: Attributes = {}): SpanOptions {
  return {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': system,
      'messaging.destination.name': destination,
      'messaging.operation.name': 'send',
      'messaging.operation.type': 'send',
      ...attributes,
    },
  };
}

/**
 * Options of the CONSUMER span for one message, `process <destination>`, started in `parent`
 * (what `extract` read from the message): the producer span is its parent *and* its link.
 */
export function processSpan(parent: TraceContext, system: string, destination: string, attributes: Attributes = {}): SpanOptions {
  const producer = parent.span?.spanContext(); // undefined when the message carried no valid context
  return {
    kind: SpanKind.CONSUMER,
    links: producer === undefined ? [] : [{ context: producer }],
    attributes: {
      'messaging.system': system,
      'messaging.destination.name': destination,
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      ...attributes,
    },
  };
}

// --- kafkajs ---------------------------------------------------------------------------------

export async function sendOrder(tracer: Tracer, producer: Pick<FakeKafkaJsProducer, 'send'>, order: { id: string }): Promise<void> {
  const topic = 'orders';
  await tracer.startActiveSpan(`send ${topic}`, sendSpan('kafka', topic, { 'messaging.kafka.message.key': order.id }), async () => {
    const headers: Record<string, string> = {};
    inject(active(), headers); // the PRODUCER span's traceparent (+ tracestate, baggage)
    await producer.send({ topic, messages: [{ key: order.id, value: JSON.stringify(order), headers }] });
  });
}

export async function consumeOrders(tracer: Tracer, consumer: FakeKafkaJsConsumer, handle: (order: unknown) => Promise<void>): Promise<void> {
  await consumer.run({
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      const parent = extract(message.headers); // Buffer values are read as UTF-8
      const attributes = {
        'messaging.consumer.group.name': 'billing',
        'messaging.destination.partition.id': String(partition),
        'messaging.kafka.offset': Number(message.offset),
        ...(message.key === null ? {} : { 'messaging.kafka.message.key': message.key.toString() }),
      };
      await tracer.startActiveSpan(`process ${topic}`, processSpan(parent, 'kafka', topic, attributes), parent, async () => {
        await handle(JSON.parse(String(message.value)));
      });
    },
  });
}

/** One span for the whole batch, linked to every message's producer span; no single parent. */
export async function consumeOrderBatches(tracer: Tracer, consumer: FakeKafkaJsConsumer, handle: (orders: unknown[]) => Promise<void>): Promise<void> {
  await consumer.run({
    eachBatch: async ({ batch }: EachBatchPayload) => {
      const links: Link[] = [];
      for (const message of batch.messages) {
        const producer = extract(message.headers).span?.spanContext();
        if (producer !== undefined) links.push({ context: producer, attributes: { 'messaging.kafka.offset': Number(message.offset) } });
      }
      const options: SpanOptions = {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': batch.topic,
          'messaging.operation.name': 'process',
          'messaging.operation.type': 'process',
          'messaging.batch.message_count': batch.messages.length,
          'messaging.destination.partition.id': String(batch.partition),
        },
      };
      await tracer.startActiveSpan(`process ${batch.topic}`, options, ROOT_CONTEXT, async () => {
        await handle(batch.messages.map((message) => JSON.parse(String(message.value))));
      });
    },
  });
}

// --- node-rdkafka ----------------------------------------------------------------------------

export function produceOrder(tracer: Tracer, producer: FakeRdKafkaProducer, order: { id: string }): void {
  const topic = 'orders';
  tracer.startActiveSpan(`send ${topic}`, sendSpan('kafka', topic, { 'messaging.kafka.message.key': order.id }), () => {
    const headers: RdKafkaHeader[] = [{ 'content-type': 'application/json' }];
    inject(active(), headers); // appends [{ traceparent: <Buffer> }, ...]: the array's own shape
    producer.produce(topic, null, Buffer.from(JSON.stringify(order)), order.id, Date.now(), undefined, headers);
  });
}

export function onRdKafkaData(tracer: Tracer, consumer: Pick<EventEmitter, 'on'>, handle: (order: unknown) => Promise<void>): void {
  consumer.on('data', (message: RdKafkaMessage) => {
    const parent = extract(message.headers); // [{ traceparent: <Buffer> }, ...], or undefined
    const attributes = { 'messaging.destination.partition.id': String(message.partition), 'messaging.kafka.offset': message.offset };
    void tracer.startActiveSpan(`process ${message.topic}`, processSpan(parent, 'kafka', message.topic, attributes), parent, () =>
      handle(JSON.parse(message.value.toString())),
    );
  });
}

// --- amqplib ---------------------------------------------------------------------------------

export function publishOrder(tracer: Tracer, channel: FakeAmqpChannel, order: { id: string }): boolean {
  const exchange = 'orders';
  const routingKey = 'created';
  const destination = `${exchange}:${routingKey}`;
  const attributes = { 'messaging.rabbitmq.destination.routing_key': routingKey, 'messaging.message.id': order.id };
  return tracer.startActiveSpan(`send ${destination}`, sendSpan('rabbitmq', destination, attributes), () => {
    const headers: Record<string, unknown> = {};
    inject(active(), headers);
    return channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(order)), { headers, messageId: order.id });
  });
}

export async function consumeBilling(tracer: Tracer, channel: FakeAmqpChannel, handle: (order: unknown) => Promise<void>): Promise<void> {
  const queue = 'billing';
  await channel.consume(queue, async (msg: AmqpMessage | null) => {
    if (msg === null) return; // the broker cancelled the consumer
    const parent = extract(msg.properties.headers);
    const { exchange, routingKey, deliveryTag } = msg.fields;
    const destination = `${exchange}:${routingKey}:${queue}`;
    const attributes = {
      'messaging.rabbitmq.destination.routing_key': routingKey,
      'messaging.rabbitmq.message.delivery_tag': deliveryTag,
      ...(msg.properties.messageId === undefined ? {} : { 'messaging.message.id': msg.properties.messageId }),
    };
    await tracer.startActiveSpan(`process ${destination}`, processSpan(parent, 'rabbitmq', destination, attributes), parent, () =>
      handle(JSON.parse(msg.content.toString())),
    );
  });
}
