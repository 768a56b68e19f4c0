/**
 * A collector that refuses connections or never answers must not hurt the app (DESIGN §2, SPEC-NOTES
 * 6–7): a real app server on 127.0.0.1 keeps answering at about its usual latency, spans beyond the
 * batch queue are dropped (memory stays bounded), drops and failures are counted, and nothing
 * rejects unhandled. Latency is compared loosely (same order of magnitude), never timed tightly.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createTracer, SpanKind, type Tracer } from '@tracewire/core';
import { OtlpTraceExporter } from '@tracewire/otlp';
import { captureDiagnostics } from '../../core/test/helpers/capture-diagnostics';
import { send } from '../../../test-support/http-client';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test-support/otlp-receiver';
import { closedPort, listen, type TestServer } from '../../../test-support/servers';
import { sleep } from '../../../test-support/timing';

const QUEUE = 200;
const BATCH = 50;
const REQUESTS = 150;
/** spans per request: the SERVER span and its children — far more than the queue holds */
const SPANS_PER_REQUEST = 20;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
let cleanups: Array<() => Promise<unknown>> = [];

beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
beforeEach(() => captureDiagnostics());
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function tracerTo(url: string): Tracer {
  const tracer = createTracer({
    register: false,
    env: {},
    exporter: new OtlpTraceExporter({ url, env: {}, timeoutMillis: 1000 }),
    batch: { maxQueueSize: QUEUE, maxExportBatchSize: BATCH, scheduledDelayMillis: 10 },
  });
  cleanups.push(() => tracer.shutdown(3000));
  return tracer;
}

/** An app whose every request records a SERVER span with children, with ~12 attributes each. */
async function app(tracer: Tracer): Promise<TestServer> {
  const server = await listen((req: http.IncomingMessage, res: http.ServerResponse) => {
    const span = tracer.startSpan(`GET ${req.url}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'url.path': req.url } });
    for (let i = 1; i < SPANS_PER_REQUEST; i++) {
      tracer.startSpan(`step ${i}`, { attributes: { 'step.index': i, 'db.system': 'postgresql', 'db.statement': 'SELECT 1' } }).end();
    }
    res.end('ok');
    span.end();
  });
  cleanups.push(() => server.close());
  return server;
}

/** Sends REQUESTS sequential requests over one keep-alive connection; returns the median latency. */
async function medianLatency(server: TestServer): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      const reply = await send(server.port, `/orders/${i}`, { agent, timeoutMs: 10_000 });
      latencies.push(performance.now() - started);
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('ok');
    }
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  return latencies[Math.floor(latencies.length / 2)]!;
}

async function healthyBaseline(): Promise<number> {
  const receiver = await startOtlpReceiver();
  cleanups.push(() => receiver.close());
  return medianLatency(await app(tracerTo(receiver.tracesUrl)));
}

/** Polls (bounded) until `done()`; the export timeout is 1 s, so 15 s is generous. */
async function eventually(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await sleep(50);
}

async function checkAppSurvives(brokenUrl: string): Promise<void> {
  const baseline = await healthyBaseline();
  const tracer = tracerTo(brokenUrl);
  const broken = await medianLatency(await app(tracer));
  // loose: same order of magnitude as with a healthy collector (a blocked app would take seconds)
  expect(broken).toBeLessThan(Math.max(baseline * 10, baseline + 50));

  await eventually(() => tracer.stats().failed > 0);
  const stats = tracer.stats();
  const ended = REQUESTS * SPANS_PER_REQUEST;
  expect(stats.dropped).toBeGreaterThan(0);
  expect(stats.failed).toBeGreaterThan(0);
  expect(stats.exported).toBe(0);
  // every ended span is accounted for; what is not counted yet is held in the bounded queue
  // or the one batch in flight: memory is bounded by the queue limit, not by the traffic
  expect(ended - stats.dropped - stats.failed).toBeLessThanOrEqual(QUEUE + BATCH);
  expect(unhandled).toEqual([]);
}

describe('with a broken collector, the app keeps serving', () => {
  it('connection refused', async () => {
    await checkAppSurvives(`http://127.0.0.1:${await closedPort()}/v1/traces`);
  }, 60_000);

  it('a collector that accepts connections and never answers', async () => {
    const receiver: OtlpReceiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    receiver.reply(...Array.from({ length: 1000 }, () => 'hang' as const));
    await checkAppSurvives(receiver.tracesUrl);
    expect(receiver.hits).toBeGreaterThan(0); // the exports did reach it
  }, 60_000);
});
