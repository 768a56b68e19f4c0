/**
 * node-rdkafka-style messages (headers as an array of one-key objects, Buffer values on consume)
 * through the in-process broker, with the README's recipes.
 */
import { SpanKind, inject } from '@tracewire/core';
import { traceresponseIds } from '../../../../test-support/trace-ids';
import { FakeRdKafkaConsumer, FakeRdKafkaProducer, type RdKafkaMessage } from './fake-clients';
import { InProcessBroker } from './in-process-broker';
import { messagingTest } from './messaging-test';
import { expectConsumerOf, named } from './expect-linked';
import { onRdKafkaData, produceOrder } from './recipes';

const t = messagingTest();

test('produce → data: CONSUMER child of and linked to the PRODUCER span; the header array keeps its shape', async () => {
  const consumer = new FakeRdKafkaConsumer(t.broker).subscribe(['orders']);
  const delivered: RdKafkaMessage[] = [];
  consumer.on('data', (message: RdKafkaMessage) => delivered.push(message));
  const handled: unknown[] = [];
  onRdKafkaData(t.rec.tracer, consumer, async (order) => void handled.push(order));

  produceOrder(t.rec.tracer, new FakeRdKafkaProducer(t.broker), { id: 'o-7' });
  await t.broker.idle();
  const spans = await t.rec.spans(2);

  const [wire] = t.broker.log;
  // written as one-key objects: a { key, value } record would have reached the wire as headers "key" and "value"
  expect(wire!.headers.map(([name]) => name)).toEqual(['content-type', 'traceparent']);
  expect(delivered[0]!.headers!.every((header) => Object.values(header).every((value) => Buffer.isBuffer(value)))).toBe(true);

  const producer = named(spans, 'send orders');
  const processed = named(spans, 'process orders');
  expectConsumerOf(processed, producer, InProcessBroker.header(wire, 'traceparent'));
  expect(producer.attributes['messaging.system']).toBe('kafka');
  expect(processed.attributes).toEqual({
    'messaging.system': 'kafka',
    'messaging.destination.name': 'orders',
    'messaging.operation.name': 'process',
    'messaging.operation.type': 'process',
    'messaging.destination.partition.id': '0',
    'messaging.kafka.offset': 0,
  });
  expect(handled).toEqual([{ id: 'o-7' }]);
});

test('re-sending a consumed message: the old traceparent in the array is replaced, not sent twice', async () => {
  const consumer = new FakeRdKafkaConsumer(t.broker).subscribe(['orders']);
  const producer = new FakeRdKafkaProducer(t.broker);
  // forward what arrives on "orders" to "audit", inside a new PRODUCER span, reusing its header array
  consumer.on('data', (message: RdKafkaMessage) => {
    const headers = [...(message.headers ?? [])];
    t.rec.tracer.startActiveSpan('send audit', { kind: SpanKind.PRODUCER }, () => {
      inject(undefined, headers);
      producer.produce('audit', null, message.value, undefined, undefined, undefined, headers);
    });
  });
  produceOrder(t.rec.tracer, producer, { id: 'o-8' });
  await t.broker.idle();
  const spans = await t.rec.spans(2);

  const audit = t.broker.log.find((message) => message.destination === 'audit')!;
  expect(audit.headers.filter(([name]) => name === 'traceparent')).toHaveLength(1);
  const resent = named(spans, 'send audit');
  const sent = traceresponseIds(InProcessBroker.header(audit, 'traceparent'));
  expect([sent.traceId, sent.spanId]).toEqual([resent.spanContext().traceId, resent.spanContext().spanId]);
  expect(InProcessBroker.header(audit, 'content-type')).toBe('application/json');
});
