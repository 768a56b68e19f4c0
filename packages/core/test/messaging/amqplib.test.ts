/**
 * amqplib-style messages (`properties.headers`, a plain object with string values) through the
 * in-process broker, with the README's publish and consume recipes.
 */
import { FakeAmqpChannel } from './fake-clients';
import { InProcessBroker } from './in-process-broker';
import { messagingTest } from './messaging-test';
import { expectConsumerOf, expectNewTrace, named } from './expect-linked';
import { consumeBilling, publishOrder } from './recipes';

const t = messagingTest();
let channel: FakeAmqpChannel;
const handled: unknown[] = [];

beforeEach(async () => {
  channel = new FakeAmqpChannel(t.broker);
  await channel.bindQueue('billing', 'orders', 'created');
  handled.length = 0;
  await consumeBilling(t.rec.tracer, channel, async (order) => void handled.push(order));
});

test('publish → consume: CONSUMER child of and linked to the PRODUCER span; RabbitMQ destination names', async () => {
  expect(publishOrder(t.rec.tracer, channel, { id: 'o-3' })).toBe(true);
  await t.broker.idle();
  const spans = await t.rec.spans(2);

  // semantic conventions for RabbitMQ: {exchange}:{routing key} when sending, plus :{queue} when consuming
  const producer = named(spans, 'send orders:created');
  const processed = named(spans, 'process orders:created:billing');
  expectConsumerOf(processed, producer, InProcessBroker.header(t.broker.log[0], 'traceparent'));
  expect(producer.attributes).toEqual({
    'messaging.system': 'rabbitmq',
    'messaging.destination.name': 'orders:created',
    'messaging.operation.name': 'send',
    'messaging.operation.type': 'send',
    'messaging.rabbitmq.destination.routing_key': 'created',
    'messaging.message.id': 'o-3',
  });
  expect(processed.attributes).toEqual({
    'messaging.system': 'rabbitmq',
    'messaging.destination.name': 'orders:created:billing',
    'messaging.operation.name': 'process',
    'messaging.operation.type': 'process',
    'messaging.rabbitmq.destination.routing_key': 'created',
    'messaging.rabbitmq.message.delivery_tag': 1,
    'messaging.message.id': 'o-3',
  });
  expect(handled).toEqual([{ id: 'o-3' }]);
});

test('a message published without headers (an uninstrumented producer) starts a new trace', async () => {
  t.rec.tracer.startActiveSpan('unrelated', (span) => {
    channel.publish('orders', 'created', Buffer.from('{"id":"o-4"}'));
    span.end();
  });
  await t.broker.idle();
  const spans = await t.rec.spans(2);
  expectNewTrace(named(spans, 'process orders:created:billing'), [named(spans, 'unrelated').spanContext().traceId]);
  expect(handled).toEqual([{ id: 'o-4' }]);
});
