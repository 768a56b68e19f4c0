/**
 * The transport (SPEC-NOTES §8.1 → §7.5) against a real receiver on 127.0.0.1: any 2xx is success;
 * network errors and 429/502/503/504 are retried within one deadline; other statuses are not;
 * `export()` always resolves, FAILED within the deadline when nothing answers.
 */
import { ExportResultCode, type ExportResult } from '@tracewire/core';
import { ZipkinExporter } from '@tracewire/zipkin';
import { closedPort, HOST } from '../../../test-support/servers';
import { spawnNode, assertBuilt, PACKAGES_DIR } from '../../../test-support/node-child';
import { startZipkinReceiver, type ZipkinReceiver } from '../../../test-support/zipkin-receiver';
import { makeReadableSpan } from '../../core/test/helpers/make-readable-span';

let receiver: ZipkinReceiver;
const exporters: ZipkinExporter[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  receiver = await startZipkinReceiver();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await receiver.close();
});
beforeEach(() => receiver.reset());
afterEach(async () => {
  await Promise.all(exporters.splice(0).map((exporter) => exporter.shutdown()));
  expect(unhandled).toEqual([]);
});

function exporter(options: ConstructorParameters<typeof ZipkinExporter>[0] = {}): ZipkinExporter {
  const made = new ZipkinExporter({ url: receiver.url, env: {}, ...options });
  exporters.push(made);
  return made;
}

const oneSpan = [makeReadableSpan()];

test.each([200, 202, 204])('HTTP %i is success', async (status) => {
  receiver.plan([status]);
  expect(await exporter().export(oneSpan)).toEqual({ code: ExportResultCode.SUCCESS });
  expect(receiver.posts).toHaveLength(1);
});

test('code headers are sent; content type and length are always set', async () => {
  await exporter({ headers: { authorization: 'Bearer t0k3n', 'x-tenant': 'shop' } }).export(oneSpan);
  const [post] = receiver.posts;
  expect(post!.headers).toMatchObject({
    authorization: 'Bearer t0k3n',
    'x-tenant': 'shop',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(post!.text)),
  });
});

test('consecutive exports reuse one kept-alive connection', async () => {
  const zipkin = exporter();
  for (let i = 0; i < 3; i++) expect((await zipkin.export(oneSpan)).code).toBe(ExportResultCode.SUCCESS);
  const ports = receiver.posts.map((post) => post.remotePort);
  expect(ports).toHaveLength(3);
  expect(new Set(ports).size).toBe(1);
});

test('an empty batch succeeds without a request', async () => {
  expect((await exporter().export([])).code).toBe(ExportResultCode.SUCCESS);
  expect(receiver.posts).toHaveLength(0);
});

test.each([429, 502, 503, 504])('HTTP %i is retried (Retry-After: 0 honoured) with the same body', async (status) => {
  receiver.plan([{ status, headers: { 'retry-after': '0' } }, { status, headers: { 'retry-after': '0' } }, 202]);
  expect((await exporter().export(oneSpan)).code).toBe(ExportResultCode.SUCCESS);
  expect(receiver.posts).toHaveLength(3);
  expect(new Set(receiver.posts.map((post) => post.text)).size).toBe(1);
});

test('without Retry-After the retry waits for the backoff (1 s ± 20 %)', async () => {
  receiver.plan([503, 202]);
  expect((await exporter().export(oneSpan)).code).toBe(ExportResultCode.SUCCESS);
  expect(receiver.posts).toHaveLength(2);
  expect(receiver.posts[1]!.at - receiver.posts[0]!.at).toBeGreaterThanOrEqual(800);
}, 15_000);

test('an HTTP-date Retry-After in the past means retry now', async () => {
  receiver.plan([{ status: 429, headers: { 'retry-after': new Date(Date.now() - 60_000).toUTCString() } }, 202]);
  expect((await exporter().export(oneSpan)).code).toBe(ExportResultCode.SUCCESS);
  expect(receiver.posts).toHaveLength(2);
});

test.each([400, 401, 404, 413, 500, 501])('HTTP %i is not retried: FAILED, naming the status and the body', async (status) => {
  receiver.plan([{ status, body: 'span rejected: bad traceId' }]);
  const result = await exporter().export(oneSpan);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toBe(`Zipkin answered HTTP ${status}: span rejected: bad traceId`);
  expect(receiver.posts).toHaveLength(1);
});

test('a connection cut before any answer is retried', async () => {
  receiver.plan(['drop', 202]);
  expect((await exporter().export(oneSpan)).code).toBe(ExportResultCode.SUCCESS);
  expect(receiver.posts).toHaveLength(2);
}, 15_000);

test('a Retry-After beyond the deadline: no retry is attempted, FAILED at once', async () => {
  receiver.plan([{ status: 503, headers: { 'retry-after': '30' } }, 202]);
  const started = Date.now();
  const result = await exporter({ timeoutMillis: 8000 }).export(oneSpan);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toBe('Zipkin answered HTTP 503');
  expect(receiver.posts).toHaveLength(1);
  expect(Date.now() - started).toBeLessThan(8000);
});

test('a response body over 4 MiB is not read on and not retried', async () => {
  receiver.plan([{ status: 200, body: 'x'.repeat(4 * 1024 * 1024 + 1) }, 202]);
  const result = await exporter().export(oneSpan);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toMatch(/exceeds 4194304 bytes/);
  expect(receiver.posts).toHaveLength(1);
});

/** Resolves to the result and how long export() took; asserts it resolved (never rejected). */
async function timed(work: Promise<ExportResult>): Promise<{ result: ExportResult; ms: number }> {
  const started = Date.now();
  const result = await work;
  return { result, ms: Date.now() - started };
}

test('a refused connection: retried with backoff, FAILED within the deadline, no unhandled rejection', async () => {
  const port = await closedPort();
  const zipkin = exporter({ url: `http://${HOST}:${port}/api/v2/spans`, timeoutMillis: 3000 });
  const { result, ms } = await timed(zipkin.export(oneSpan));
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toMatch(/ECONNREFUSED/);
  // the deadline covers every attempt and wait; a late, loaded machine gets a generous margin
  expect(ms).toBeLessThan(3000 + 2000);
  // attempts at 0 and after ~1 s and ~2.5 s; at least one retry must have fit
  expect(ms).toBeGreaterThanOrEqual(800);
}, 15_000);

test('a receiver that never answers: FAILED once the deadline passes, the request is not repeated', async () => {
  receiver.plan(['hang']);
  const { result, ms } = await timed(exporter({ timeoutMillis: 1000 }).export(oneSpan));
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toMatch(/before the export deadline/);
  expect(ms).toBeGreaterThanOrEqual(900);
  expect(ms).toBeLessThan(1000 + 2000);
  expect(receiver.posts).toHaveLength(1);
}, 15_000);

test('after shutdown, export returns FAILED without a request', async () => {
  const zipkin = exporter();
  await zipkin.shutdown();
  const result = await zipkin.export(oneSpan);
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toBe('ZipkinExporter is shut down');
  expect(receiver.posts).toHaveLength(0);
});

test('shutdown cuts short an export waiting to retry', async () => {
  receiver.plan([{ status: 503, headers: { 'retry-after': '5' } }, 202]);
  const zipkin = exporter({ timeoutMillis: 60_000 });
  const pending = timed(zipkin.export(oneSpan));
  for (let i = 0; i < 500 && receiver.posts.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await zipkin.shutdown();
  const { result, ms } = await pending;
  expect(result.code).toBe(ExportResultCode.FAILED);
  expect(result.error?.message).toMatch(/shut down/);
  expect(ms).toBeLessThan(5000);
  expect(receiver.posts).toHaveLength(1);
});

test('an export in flight does not keep the process alive (unref\'d socket and timers)', async () => {
  assertBuilt('core', 'zipkin');
  receiver.plan(['hang']);
  const child = spawnNode(
    `
      const { ZipkinExporter } = require('@tracewire/zipkin');
      const span = { name: 'x', kind: 1, startTime: 1, endTime: 2, attributes: {}, events: [], links: [], status: { code: 0 },
        droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0, resource: { attributes: {} }, scope: { name: '' },
        spanContext: () => ({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 }) };
      new ZipkinExporter({ url: process.env.URL, timeoutMillis: 60000 }).export([span]);
      console.log('export started');
    `,
    { cwd: PACKAGES_DIR, env: { URL: receiver.url } },
  );
  try {
    // the request's deadline is 60 s: a child still running after 15 s was held open by it
    const exit = await Promise.race([child.exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 15_000))]);
    expect(child.stderr()).toBe('');
    expect(child.stdout()).toContain('export started');
    expect(exit).toEqual({ code: 0, signal: null });
  } finally {
    child.kill();
  }
}, 20_000);
