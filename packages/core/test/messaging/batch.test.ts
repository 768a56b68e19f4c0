/** The README's batch-consume recipe: one CONSUMER span per batch, linked to every message's producer span. */
import { traceresponseIds } from '../../../../test-support/trace-ids';
import { FakeKafkaJsConsumer, FakeKafkaJsProducer } from './fake-clients';
import { InProcessBroker } from './in-process-broker';
import { messagingTest } from './messaging-test';
import { CONSUMER, named } from './expect-linked';
import { consumeOrderBatches, sendOrder } from './recipes';

const t = messagingTest({ batchSize: 100 });

test('a batch of messages from five traces (and one without context): one span, five links, no parent', async () => {
  const producer = new FakeKafkaJsProducer(t.broker);
  for (let i = 0; i < 5; i++) await sendOrder(t.rec.tracer, producer, { id: `o-${i}` });
  await producer.send({ topic: 'orders', messages: [{ key: 'o-5', value: '{"id":"o-5"}' }] }); // uninstrumented sender
  // subscribing only now: all six are pending, so they arrive as one batch
  const consumer = new FakeKafkaJsConsumer(t.broker);
  await consumer.subscribe({ topic: 'orders' });
  const batches: unknown[][] = [];
  await consumeOrderBatches(t.rec.tracer, consumer, async (orders) => void batches.push(orders));
  await t.broker.idle();
  const spans = await t.rec.spans(6);

  expect(batches).toEqual([[0, 1, 2, 3, 4, 5].map((i) => ({ id: `o-${i}` }))]);
  const batch = spans.filter((span) => span.kind === CONSUMER);
  expect(batch).toHaveLength(1);
  const span = named(batch, 'process orders');
  expect(span.parentSpanId).toBeUndefined();
  expect(span.attributes['messaging.batch.message_count']).toBe(6);
  expect(span.attributes['messaging.operation.type']).toBe('process');

  // one link per message that carried a context, in order, naming exactly what crossed the wire
  const wire = t.broker.log.slice(0, 5).map((message, offset) => ({ ...traceresponseIds(InProcessBroker.header(message, 'traceparent')), offset }));
  expect(span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId, offset: link.attributes['messaging.kafka.offset'] })))
    .toEqual(wire.map(({ traceId, spanId, offset }) => ({ traceId, spanId, offset })));
  const senders = spans.filter((s) => s.name === 'send orders');
  expect(new Set(senders.map((s) => s.spanContext().traceId)).size).toBe(5);
  expect(senders.map((s) => s.spanContext().spanId)).toEqual(wire.map((w) => w.spanId));
  expect(senders.map((s) => s.spanContext().traceId)).not.toContain(span.spanContext().traceId);
});
