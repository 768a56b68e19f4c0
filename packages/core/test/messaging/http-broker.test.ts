/**
 * The recipes across a real hop: the "broker" is an HTTP server on 127.0.0.1 that stores each
 * message with its headers as a JSON array of `{ key, value }` (value base64, as Kafka headers are
 * bytes) and hands it back on a later poll. The producer side is kafkajs-shaped (object headers),
 * the consumer side node-rdkafka-shaped (an array of one-key objects): only the serialised bytes
 * connect them, and the broker checks no trace header rode on its own HTTP requests.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../../../../test-support/http-client';
import { listen, type TestServer } from '../../../../test-support/servers';
import type { KafkaJsMessage, RdKafkaMessage } from './fake-clients';
import { expectConsumerOf, named } from './expect-linked';
import { messagingTest } from './messaging-test';
import { onRdKafkaData, sendOrder } from './recipes';

interface JsonMessage {
  key: string | null;
  value: string;
  headers: Array<{ key: string; value: string }>;
}

const topics = new Map<string, JsonMessage[]>();
const traceHeadersSeen: string[] = [];
let server: TestServer;
const t = messagingTest(); // its in-process broker stays idle here

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function brokerHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const name of ['traceparent', 'tracestate', 'baggage']) if (req.headers[name] !== undefined) traceHeadersSeen.push(name);
  const topic = decodeURIComponent((req.url ?? '').replace(/^\/topics\//, ''));
  const queue = topics.get(topic) ?? [];
  topics.set(topic, queue);
  if (req.method === 'POST') {
    queue.push(JSON.parse(await readBody(req)) as JsonMessage);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ offset: queue.length - 1 }));
    return;
  }
  const next = queue.shift();
  if (next === undefined) res.writeHead(204).end();
  else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(next));
}

const base64 = (value: Buffer | string): string => Buffer.from(value).toString('base64');

/** kafkajs's `producer.send`, over the HTTP broker. */
const httpProducer = {
  async send(record: { topic: string; messages: KafkaJsMessage[] }): Promise<Array<{ topicName: string; partition: number; baseOffset: string }>> {
    let offset = '0';
    for (const message of record.messages) {
      const headers = Object.entries(message.headers ?? {}).flatMap(([key, value]) =>
        (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((one) => ({ key, value: base64(one) })),
      );
      const body: JsonMessage = { key: message.key == null ? null : String(message.key), value: base64(message.value ?? ''), headers };
      const reply = await send(server.port, `/topics/${record.topic}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      if (reply.status !== 201) throw new Error(`broker answered ${reply.status}`);
      offset = String(reply.json<{ offset: number }>().offset);
    }
    return [{ topicName: record.topic, partition: 0, baseOffset: offset }];
  },
};

/** node-rdkafka's flowing consumer, fed by polling the HTTP broker: `'data'` per message. */
class HttpPollingConsumer extends EventEmitter {
  private offset = 0;

  /** Fetches one message of `topic`, emits it, and says whether there was one. */
  async poll(topic: string): Promise<boolean> {
    const reply = await send(server.port, `/topics/${topic}`);
    if (reply.status === 204) return false;
    const message = reply.json<JsonMessage>();
    const value = Buffer.from(message.value, 'base64');
    const headers = message.headers.map(({ key, value: bytes }) => ({ [key]: Buffer.from(bytes, 'base64') }));
    const data: RdKafkaMessage = {
      value, topic, partition: 0, offset: this.offset++, size: value.length, timestamp: Date.now(), headers,
      ...(message.key === null ? {} : { key: Buffer.from(message.key) }),
    };
    this.emit('data', data);
    return true;
  }
}

beforeAll(async () => {
  server = await listen((req, res) => void brokerHandler(req, res).catch(() => res.writeHead(500).end()));
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  topics.clear();
  traceHeadersSeen.length = 0;
});

test('kafkajs-style send → HTTP broker (JSON, base64 header values) → rdkafka-style consume: one trace, parent and link', async () => {
  await sendOrder(t.rec.tracer, httpProducer, { id: 'o-42' });
  await sendOrder(t.rec.tracer, httpProducer, { id: 'o-43' });

  const stored = topics.get('orders')!.map((message) => ({ ...message }));
  expect(stored.map((message) => message.headers.map(({ key }) => key))).toEqual([['traceparent'], ['traceparent']]);

  const consumer = new HttpPollingConsumer();
  const handled: unknown[] = [];
  onRdKafkaData(t.rec.tracer, consumer, async (order) => void handled.push(order));
  // bounded: two messages, then the broker says 204
  const polled: boolean[] = [];
  for (let attempt = 0; attempt < 3; attempt++) polled.push(await consumer.poll('orders'));
  expect(polled).toEqual([true, true, false]);
  const spans = await t.rec.spans(4);

  expect(handled).toEqual([{ id: 'o-42' }, { id: 'o-43' }]);
  const senders = spans.filter((span) => span.name === 'send orders');
  const processed = spans.filter((span) => span.name === 'process orders');
  expect([senders.length, processed.length]).toEqual([2, 2]);
  for (let i = 0; i < 2; i++) {
    const wire = Buffer.from(stored[i]!.headers[0]!.value, 'base64').toString('utf8');
    const sender = named(senders.filter((s) => s.attributes['messaging.kafka.message.key'] === `o-4${2 + i}`), 'send orders');
    const consumerSpan = named(processed.filter((s) => s.attributes['messaging.kafka.offset'] === i), 'process orders');
    expectConsumerOf(consumerSpan, sender, wire);
  }
  expect(senders[0]!.spanContext().traceId).not.toBe(senders[1]!.spanContext().traceId);
  // the context crossed in the message body only, never as headers of the broker's HTTP requests
  expect(traceHeadersSeen).toEqual([]);
});
