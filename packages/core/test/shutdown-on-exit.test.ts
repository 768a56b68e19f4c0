/**
 * shutdownOnExit: real child processes (plain node against the built packages) that trace HTTP
 * requests into the Zipkin exporter with a batch delay far longer than the test, so only the
 * helper's flush can get their spans out before the process ends.
 */
import { createTracer } from '../src/create-tracer';
import { shutdownOnExit } from '../src/shutdown-on-exit';
import { TracewireError } from '../src/errors';
import { send } from '../../../test-support/http-client';
import { assertBuilt, PACKAGES_DIR, spawnNode, type NodeChild } from '../../../test-support/node-child';
import { startZipkinReceiver, type ZipkinReceiver } from '../../../test-support/zipkin-receiver';

const REQUESTS = 5;

/**
 * The app: one SERVER span per request, ended before the response is sent. MODE picks who handles
 * SIGTERM: `helper` (tracewire only), `app-exits` (the app closes its server, shuts the tracer
 * down and calls process.exit(0)), `app-closes` (the app only closes its server; the helper is
 * told not to use 'beforeExit', so only its signal handling can flush), `none` (no helper).
 */
const SERVER_APP = `
  const http = require('node:http');
  const { createTracer, shutdownOnExit, SpanKind } = require('@tracewire/core');
  const { ZipkinExporter } = require('@tracewire/zipkin');
  const mode = process.env.MODE;
  const tracer = createTracer({
    serviceName: 'shutdown-app',
    exporter: new ZipkinExporter({ url: process.env.ZIPKIN_URL }),
    batch: { scheduledDelayMillis: 600000 },
    env: {},
  });
  if (mode !== 'none') {
    shutdownOnExit(tracer, { timeoutMillis: Number(process.env.TIMEOUT || 10000), beforeExit: mode !== 'app-closes' });
  }
  const server = http.createServer((req, res) => {
    tracer.startSpan('GET ' + req.url, { kind: SpanKind.SERVER }).end();
    res.end('ok');
  });
  if (mode === 'app-exits') {
    process.on('SIGTERM', () => {
      console.log('app: SIGTERM');
      server.close(() => tracer.shutdown().then(() => process.exit(0)));
    });
  }
  if (mode === 'app-closes') {
    process.on('SIGTERM', () => {
      console.log('app: SIGTERM');
      server.close();
    });
  }
  server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

let receiver: ZipkinReceiver;
let children: NodeChild[] = [];

beforeAll(async () => {
  receiver = await startZipkinReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());
afterEach(() => {
  for (const child of children) child.kill();
  children = [];
});

function start(script: string, env: Record<string, string>): NodeChild {
  assertBuilt('core', 'zipkin');
  const child = spawnNode(script, { cwd: PACKAGES_DIR, env: { ZIPKIN_URL: receiver.url, ...env } });
  children.push(child);
  return child;
}

/** Starts the app, sends REQUESTS requests, and checks their spans are still queued in the child. */
async function appWithQueuedSpans(mode: string, env: Record<string, string> = {}): Promise<NodeChild> {
  const child = start(SERVER_APP, { MODE: mode, ...env });
  const port = Number((await child.line((line) => line.startsWith('listening '))).split(' ')[1]);
  for (let i = 0; i < REQUESTS; i++) expect((await send(port, `/r${i}`)).body).toBe('ok');
  expect(receiver.posts).toHaveLength(0);
  return child;
}

function expectAllSpans(): void {
  expect(receiver.accepted().map((span) => span.name).sort()).toEqual(Array.from({ length: REQUESTS }, (_, i) => `GET /r${i}`));
}

describe('a signal, with tracewire as its only listener', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s: the spans are exported, then the process dies of the signal', async (signal) => {
    const child = await appWithQueuedSpans('helper');
    child.child.kill(signal);
    expect(await child.exited).toEqual({ code: null, signal });
    // exported before the signal was raised again: nothing to wait for
    expectAllSpans();
    expect(child.stderr()).toBe('');
  }, 30_000);

  test('control: without the helper the same spans are lost', async () => {
    const child = await appWithQueuedSpans('none');
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(receiver.posts).toHaveLength(0);
  }, 30_000);

  test('a flush that cannot finish is abandoned after the timeout, with a warning; the signal still ends the process', async () => {
    receiver.plan(['hang']);
    const child = await appWithQueuedSpans('helper', { TIMEOUT: '1500' });
    const sent = Date.now();
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1400);
    expect(child.stderr()).toContain('did not shut down within 1500 ms');
    expect(receiver.posts).toHaveLength(1);
  }, 30_000);

  test('a second signal while flushing ends the process at once', async () => {
    receiver.plan(['hang']);
    const child = await appWithQueuedSpans('helper', { TIMEOUT: '60000' });
    child.child.kill('SIGTERM');
    for (let i = 0; i < 1000 && receiver.posts.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(receiver.posts).toHaveLength(1); // the flush is under way, and will never be answered
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
  }, 30_000);
});

describe('a signal the app handles itself', () => {
  test('the app closes its server and exits 0: spans arrive, the exit is the app\'s', async () => {
    const child = await appWithQueuedSpans('app-exits');
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stdout()).toContain('app: SIGTERM');
    expectAllSpans();
  }, 30_000);

  test('the app only closes its server: the helper\'s flush keeps the process up until the spans are out, then it ends with code 0', async () => {
    const child = await appWithQueuedSpans('app-closes');
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stdout()).toContain('app: SIGTERM');
    expectAllSpans();
    expect(child.stderr()).toBe('');
  }, 30_000);
});

describe("'beforeExit'", () => {
  /** A job that ends by itself; the exporter is chosen by the environment alone. */
  const JOB = `
    const { createTracer, shutdownOnExit } = require('@tracewire/core');
    const tracer = createTracer({ serviceName: 'batch-job' });
    if (process.env.HELPER === '1') shutdownOnExit(); // no tracer given: the process-wide one
    for (let i = 0; i < ${REQUESTS}; i++) tracer.startSpan('GET /r' + i).end();
    process.exitCode = 3;
  `;
  const env = (helper: string) => ({
    HELPER: helper,
    OTEL_TRACES_EXPORTER: 'zipkin',
    OTEL_EXPORTER_ZIPKIN_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '600000',
  });

  test('a script that just ends: its spans are exported and its exit code is kept', async () => {
    const child = start(JOB, env('1'));
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(child.stderr()).toBe('');
    expectAllSpans();
    expect(receiver.posts).toHaveLength(1);
  }, 30_000);

  test('control: without the helper the script ends with its spans still queued', async () => {
    const child = start(JOB, env('0'));
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(receiver.posts).toHaveLength(0);
  }, 30_000);
});

describe('installing and removing (in this process, no signal sent)', () => {
  test('adds one listener per signal and for beforeExit, and the returned function removes them', () => {
    const tracer = createTracer({ register: false, env: {} });
    const before = ['SIGTERM', 'SIGINT', 'SIGHUP', 'beforeExit'].map((event) => process.listenerCount(event));
    const remove = shutdownOnExit(tracer, { signals: ['SIGTERM', 'SIGHUP'] });
    const during = ['SIGTERM', 'SIGINT', 'SIGHUP', 'beforeExit'].map((event) => process.listenerCount(event));
    expect(during).toEqual([before[0]! + 1, before[1]!, before[2]! + 1, before[3]! + 1]);
    remove();
    remove();
    expect(['SIGTERM', 'SIGINT', 'SIGHUP', 'beforeExit'].map((event) => process.listenerCount(event))).toEqual(before);
    const noBeforeExit = shutdownOnExit(tracer, { beforeExit: false });
    expect(process.listenerCount('beforeExit')).toBe(before[3]);
    noBeforeExit();
  });

  test.each<[string, unknown]>([
    ['timeoutMillis', 0],
    ['timeoutMillis', -1],
    ['timeoutMillis', 1.5],
    ['timeoutMillis', 2 ** 31],
    ['signals', ['SIGTERM', 'SIGNOPE']],
    ['signals', ['SIGKILL']],
    ['signals', 'SIGTERM'],
    ['beforeExit', 'yes'],
  ])('option %s = %j throws TW_ERR_INVALID_OPTION and installs nothing', (option, value) => {
    const before = process.listenerCount('SIGTERM');
    expect(() => shutdownOnExit(undefined, { [option]: value })).toThrow(
      expect.objectContaining({ code: 'TW_ERR_INVALID_OPTION', message: expect.stringContaining(`"${option}"`) }),
    );
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  test('a tracer that is not one throws', () => {
    expect(() => shutdownOnExit({} as never)).toThrow(TracewireError);
  });
});
