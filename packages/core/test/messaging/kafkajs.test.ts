/**
 * kafkajs-style messages (object headers, Buffer values on consume) through the in-process
 * broker, with the README's producer and consumer recipes.
 */
import { Baggage, active, currentIds, extract, run, withBaggage } from '@tracewire/core';
import { FakeKafkaJsConsumer, FakeKafkaJsProducer } from './fake-clients';
import { InProcessBroker } from './in-process-broker';
import { messagingTest } from './messaging-test';
import { expectConsumerOf, named } from './expect-linked';
import { consumeOrders, sendOrder } from './recipes';

const t = messagingTest();

test('send → process: the CONSUMER span is the PRODUCER span’s child and linked to it, with semantic-convention names and attributes', async () => {
  const consumer = new FakeKafkaJsConsumer(t.broker);
  await consumer.subscribe({ topic: 'orders' });
  const inHandler: Array<{ order: unknown; traceId?: string; spanId?: string; tenant?: string }> = [];
  await consumeOrders(t.rec.tracer, consumer, async (order) => {
    const ids = currentIds();
    inHandler.push({ order, traceId: ids?.traceId, spanId: ids?.spanId, tenant: active()?.baggage?.get('tenant')?.value });
  });

  await run(withBaggage(undefined, Baggage.parse('tenant=acme')), () => sendOrder(t.rec.tracer, new FakeKafkaJsProducer(t.broker), { id: 'o-1' }));
  await t.broker.idle();
  const spans = await t.rec.spans(2);

  const producer = named(spans, 'send orders');
  const processed = named(spans, 'process orders');
  const [wire] = t.broker.log;
  expectConsumerOf(processed, producer, InProcessBroker.header(wire, 'traceparent'));
  expect(InProcessBroker.header(wire, 'baggage')).toBe('tenant=acme');
  expect(producer.attributes).toEqual({
    'messaging.system': 'kafka',
    'messaging.destination.name': 'orders',
    'messaging.operation.name': 'send',
    'messaging.operation.type': 'send',
    'messaging.kafka.message.key': 'o-1',
  });
  expect(processed.attributes).toEqual({
    'messaging.system': 'kafka',
    'messaging.destination.name': 'orders',
    'messaging.operation.name': 'process',
    'messaging.operation.type': 'process',
    'messaging.consumer.group.name': 'billing',
    'messaging.destination.partition.id': '0',
    'messaging.kafka.offset': 0,
    'messaging.kafka.message.key': 'o-1',
  });
  // the handler ran inside the CONSUMER span, with the producer's baggage
  expect(inHandler).toEqual([
    { order: { id: 'o-1' }, traceId: producer.spanContext().traceId, spanId: processed.spanContext().spanId, tenant: 'acme' },
  ]);
  expect(t.broker.errors).toEqual([]);
});

test('kafkajs delivers header values as Buffers, a repeated name as an array of them; extract reads both', async () => {
  const consumer = new FakeKafkaJsConsumer(t.broker);
  await consumer.subscribe({ topic: 'raw' });
  const got: Array<{ buffers: boolean; traceId?: string; vendors: string[] }> = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = message.headers!;
      const state = headers.tracestate as Buffer[];
      const context = extract(headers);
      const traceState = context.span?.spanContext().traceState;
      got.push({
        buffers: Buffer.isBuffer(headers.traceparent) && Array.isArray(state) && state.every((v) => Buffer.isBuffer(v)),
        traceId: context.span?.spanContext().traceId,
        vendors: ['a', 'b'].map((key) => traceState?.get(key) ?? '-'),
      });
    },
  });

  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  await new FakeKafkaJsProducer(t.broker).send({ topic: 'raw', messages: [{ value: 'x', headers: { traceparent, tracestate: ['a=1', 'b=2'] } }] });
  await t.broker.idle();

  // two tracestate header lines are one list (W3C: combined in order)
  expect(got).toEqual([{ buffers: true, traceId: '0af7651916cd43dd8448eb211c80319c', vendors: ['1', '2'] }]);
});
