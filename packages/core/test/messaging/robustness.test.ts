/**
 * What the recipes must survive: headers missing or malformed, many messages in flight at once,
 * and carriers or getters/setters that throw. None of it may throw into the app.
 */
import { ROOT_CONTEXT, active, currentIds, extract, inject, type CarrierGetter, type CarrierSetter } from '@tracewire/core';
import { captureDiagnostics } from '../helpers/capture-diagnostics';
import { INVALID_TRACEPARENTS, TRACEPARENT, TRACE_ID } from '../../../../test-support/trace-ids';
import { FakeKafkaJsConsumer, FakeKafkaJsProducer, type KafkaJsHeaders } from './fake-clients';
import { InProcessBroker } from './in-process-broker';
import { messagingTest, type MessagingTest } from './messaging-test';
import { expectConsumerOf, expectNewTrace, named } from './expect-linked';
import { consumeOrders, processSpan, sendOrder } from './recipes';

const t = messagingTest();
let handled: unknown[] = [];

beforeEach(() => {
  handled = [];
});

/** Subscribes the README's kafkajs consumer to "orders" on `on.broker`; returns a producer. */
async function start(on: MessagingTest, handle?: (order: unknown) => Promise<void>): Promise<FakeKafkaJsProducer> {
  const consumer = new FakeKafkaJsConsumer(on.broker);
  await consumer.subscribe({ topic: 'orders' });
  await consumeOrders(on.rec.tracer, consumer, handle ?? (async (order) => void handled.push(order)));
  return new FakeKafkaJsProducer(on.broker);
}

test('the broker delivers outside the producer’s context, so only headers can carry it', async () => {
  const seen: unknown[] = [];
  t.broker.subscribe('t', () => void seen.push(active()));
  t.rec.tracer.startActiveSpan('producer', (span) => {
    t.broker.publish({ destination: 't', key: null, value: Buffer.from('x'), headers: [], meta: {} });
    span.end();
  });
  await t.broker.idle();
  expect(seen).toEqual([undefined]);
});

const MALFORMED: Array<[string, KafkaJsHeaders | undefined]> = [
  ['no headers at all', undefined],
  ['empty headers', {}],
  ['other headers only', { 'content-type': 'application/json' }],
  ['traceparent sent twice', { traceparent: [TRACEPARENT, TRACEPARENT] }],
  ['not UTF-8', { traceparent: Buffer.from([0xff, 0xfe, 0x00, 0x2d]) }],
  ['baggage but no traceparent', { baggage: 'tenant=acme' }],
  ...INVALID_TRACEPARENTS.map(([name, value]): [string, KafkaJsHeaders] => [`traceparent: ${name}`, { traceparent: value }]),
];

test.each(MALFORMED)('%s: the message is processed in a new trace, nothing thrown', async (_case, headers) => {
  const producer = await start(t);
  await producer.send({ topic: 'orders', messages: [{ key: 'o-1', value: '{"id":"o-1"}', headers }] });
  await t.broker.idle();
  const [span] = await t.rec.spans(1);
  expectNewTrace(named([span!], 'process orders'), [TRACE_ID]);
  expect(handled).toEqual([{ id: 'o-1' }]);
  expect(t.broker.errors).toEqual([]);
});

test('carriers that are not headers at all give the root context, and the recipe still starts a span', () => {
  const hostile = Object.defineProperty({}, 'traceparent', { enumerable: true, get: () => { throw new Error('boom'); } });
  const carriers: unknown[] = [null, 42, 'traceparent', [null, 7, 'x', [TRACEPARENT]], new Proxy([], { get: () => { throw new Error('boom'); } }), hostile];
  for (const carrier of carriers) {
    const parent = extract(carrier);
    expect(parent).toBe(ROOT_CONTEXT);
    const span = t.rec.tracer.startSpan('process orders', processSpan(parent, 'kafka', 'orders'), parent);
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    span.end();
  }
});

describe('many messages in flight', () => {
  const count = 40;
  // delivered newest first, and handlers overlap: each awaits a few turns of the event loop
  const concurrent = messagingTest({ concurrent: true, order: (pending) => pending.reverse() });

  test('forty messages from forty traces, delivered out of order and handled concurrently, each keep their own trace', async () => {
    const drift: string[] = [];
    const producer = await start(concurrent, async (value) => {
      const before = currentIds()?.traceId;
      const id = Number((value as { id: string }).id.slice(2));
      for (let tick = 0; tick < id % 5; tick++) await new Promise((resolve) => setImmediate(resolve));
      if (currentIds()?.traceId !== before) drift.push(`o-${id}`);
      handled.push(value);
    });
    // each send starts its own trace: the test body runs in no context
    await Promise.all(Array.from({ length: count }, (_, i) => sendOrder(concurrent.rec.tracer, producer, { id: `o-${i}` })));
    await concurrent.broker.idle();
    const spans = await concurrent.rec.spans(2 * count);

    expect(drift).toEqual([]);
    expect(handled).toHaveLength(count);
    const byKey = (name: string) => new Map(spans.filter((s) => s.name === name).map((s) => [s.attributes['messaging.kafka.message.key'], s]));
    const sent = byKey('send orders');
    const processed = byKey('process orders');
    const wire = new Map(concurrent.broker.log.map((m) => [m.key!.toString(), InProcessBroker.header(m, 'traceparent')]));
    for (let i = 0; i < count; i++) expectConsumerOf(processed.get(`o-${i}`)!, sent.get(`o-${i}`)!, wire.get(`o-${i}`));
    expect(new Set([...processed.values()].map((s) => s.spanContext().traceId)).size).toBe(count);
  });
});

describe('throwing getters and setters', () => {
  const throwingSetter: CarrierSetter = { set: () => { throw new Error('setter broke'); } };
  const throwingGetter: CarrierGetter = {
    get: () => { throw new Error('getter broke'); },
    keys: () => { throw new Error('keys broke'); },
  };

  test('inject with a throwing setter reports and sends the message without context', async () => {
    const diagnostics = captureDiagnostics();
    const producer = await start(t);
    await t.rec.tracer.startActiveSpan('send orders', async () => {
      const headers: Record<string, string> = {};
      expect(() => inject(active(), headers, throwingSetter)).not.toThrow();
      await producer.send({ topic: 'orders', messages: [{ key: 'o-1', value: '{"id":"o-1"}', headers }] });
    });
    await t.broker.idle();
    const spans = await t.rec.spans(2);
    expectNewTrace(named(spans, 'process orders'), [named(spans, 'send orders').spanContext().traceId]);
    expect(diagnostics.reported.map((r) => String(r.error))).toContain('Error: setter broke');
  });

  test('extract with a throwing getter reports and returns the root context', () => {
    const diagnostics = captureDiagnostics();
    let parent = ROOT_CONTEXT;
    expect(() => (parent = extract({ traceparent: TRACEPARENT }, throwingGetter))).not.toThrow();
    expect(parent).toBe(ROOT_CONTEXT);
    expect(diagnostics.reported.length).toBeGreaterThan(0);
  });

  test('the default setter meets frozen or exotic carriers without throwing', () => {
    t.rec.tracer.startActiveSpan('send orders', (span) => {
      const exotic = new Proxy([], { set: () => { throw new Error('no'); }, get: (target, key) => (key === 'push' ? () => { throw new Error('no'); } : Reflect.get(target, key)) });
      for (const carrier of [Object.freeze({}), Object.freeze([]), exotic, Object.freeze([{ traceparent: 'old' }])]) {
        expect(() => inject(active(), carrier)).not.toThrow();
      }
      span.end();
    });
  });
});
