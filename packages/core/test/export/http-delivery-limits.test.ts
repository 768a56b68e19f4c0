/**
 * The shared HTTP delivery's limits against a real server (SPEC-NOTES 7.1, 7.5): one deadline
 * over every attempt and wait, the response-body cap (after decompression), aborting, bodies that
 * break off, and invalid options. `send()` resolves in every case.
 */
import { gzipSync } from 'node:zlib';
import { TracewireError } from '../../src/errors';
import { HttpDelivery } from '../../src/export/http-delivery/http-delivery';
import type { HttpDeliveryOptions } from '../../src/export/http-delivery/types';
import { captureDiagnostics } from '../helpers/capture-diagnostics';
import { startPlannedServer, type PlannedServer } from './http-delivery-support';

let server: PlannedServer;
const deliveries: HttpDelivery[] = [];
const body = Buffer.from('[{"id":"00f067aa0ba902b7"}]');
const MiB = 1024 * 1024;

beforeEach(async () => {
  server = await startPlannedServer();
});
afterEach(async () => {
  for (const delivery of deliveries.splice(0)) delivery.destroy();
  await server.close();
});

function delivery(options: HttpDeliveryOptions = {}): HttpDelivery {
  const made = new HttpDelivery(server.url, options);
  deliveries.push(made);
  return made;
}

describe('one deadline', () => {
  test('a server that never answers: the request is cut off at the deadline and not repeated', async () => {
    server.plan('hang');
    const started = Date.now();
    const result = await delivery().send(body, { deadline: started + 800 });
    const ms = Date.now() - started;
    expect(result).toMatchObject({ ok: false, stop: 'final', attempts: 1, last: { kind: 'timeout' } });
    expect(ms).toBeGreaterThanOrEqual(700);
    expect(ms).toBeLessThan(800 + 2000);
    expect(server.requests).toHaveLength(1);
  }, 20_000);

  test('a backoff that would end past the deadline is not waited for', async () => {
    server.plan(503, 200);
    const started = Date.now();
    const result = await delivery().send(body, { deadline: started + 600 });
    expect(result).toMatchObject({ ok: false, stop: 'no-time', attempts: 1, last: { kind: 'response', status: 503 } });
    // the first backoff: 1 s ± 20 %
    expect(result.waitMillis).toBeGreaterThanOrEqual(800);
    expect(result.waitMillis).toBeLessThanOrEqual(1200);
    expect(Date.now() - started).toBeLessThan(600);
  });

  test('a Retry-After past the deadline ends the send at once', async () => {
    server.plan({ status: 503, headers: { 'retry-after': '60' } }, 200);
    const started = Date.now();
    const result = await delivery().send(body, { deadline: started + 5000 });
    expect(result).toMatchObject({ ok: false, stop: 'no-time', attempts: 1, waitMillis: 60_000 });
    expect(Date.now() - started).toBeLessThan(4000); // it did not sit out the deadline
    expect(server.requests).toHaveLength(1);
  });

  test('a deadline already past: no request at all', async () => {
    const result = await delivery().send(body, { deadline: Date.now() - 1 });
    expect(result).toEqual({ ok: false, stop: 'deadline', last: undefined, attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });
});

describe('response-body cap', () => {
  test('a body over 4 MiB (the default cap) is not read on and not retried', async () => {
    server.plan({ status: 200, body: Buffer.alloc(4 * MiB + 1, 0x41) }, 200);
    const result = await delivery().send(body);
    expect(result).toMatchObject({ ok: false, stop: 'final', attempts: 1, last: { kind: 'too-large', status: 200 } });
    expect(server.requests).toHaveLength(1);
  });

  test('a body of exactly the cap is read whole; one byte more is too large', async () => {
    const target = delivery({ maxResponseBytes: 1024 });
    server.plan({ status: 200, body: Buffer.alloc(1024, 0x61) }, { status: 200, body: Buffer.alloc(1025, 0x61) });
    const exact = await target.send(body);
    expect(exact.ok).toBe(true);
    if (exact.last?.kind === 'response') expect(exact.last.body.equals(Buffer.alloc(1024, 0x61))).toBe(true);
    expect((await target.send(body)).last?.kind).toBe('too-large');
  });

  test('a gzip answer is decompressed, and the cap applies after decompression', async () => {
    const small = { status: 200, headers: { 'content-encoding': 'gzip' }, body: gzipSync('{"partialSuccess":{}}') };
    const bomb = { status: 200, headers: { 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(2 * MiB)) };
    expect(bomb.body.length).toBeLessThan(MiB); // small on the wire, over the cap once inflated
    server.plan(small, bomb);
    const target = delivery({ maxResponseBytes: MiB });
    const first = await target.send(body);
    if (first.last?.kind !== 'response') throw new Error(`expected a response, got ${first.last?.kind}`);
    expect(first.last.body.toString()).toBe('{"partialSuccess":{}}');
    expect((await target.send(body)).last?.kind).toBe('too-large');
  });

  test('decompressResponse: false hands the body back as sent', async () => {
    const zipped = gzipSync('hello');
    server.plan({ status: 400, headers: { 'content-encoding': 'gzip' }, body: zipped });
    const result = await delivery({ decompressResponse: false }).send(body);
    if (result.last?.kind !== 'response') throw new Error(`expected a response, got ${result.last?.kind}`);
    expect(result.last.body.equals(zipped)).toBe(true);
  });
});

describe('a body that breaks off', () => {
  test("'use-status' (default): judged by its status, with an empty body", async () => {
    server.plan('truncate', 503);
    const result = await delivery().send(body);
    expect(result).toMatchObject({ ok: true, attempts: 1, last: { kind: 'response', status: 200 } });
    if (result.last?.kind === 'response') expect(result.last.body.length).toBe(0);
  });

  test("'retry': a network error, retried", async () => {
    server.plan('truncate', 200);
    const result = await delivery({ incompleteResponse: 'retry' }).send(body);
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  }, 20_000);
});

describe('abort', () => {
  test('aborting cuts a request in flight at once', async () => {
    server.plan('hang');
    const controller = new AbortController();
    const pending = delivery().send(body, { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, stop: 'final', attempts: 1, last: { kind: 'aborted' } });
  });

  test('aborting cuts a wait between attempts short', async () => {
    server.plan({ status: 503, headers: { 'retry-after': '30' } }, 200);
    const controller = new AbortController();
    const started = Date.now();
    const pending = delivery().send(body, { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, stop: 'aborted', attempts: 1, last: { kind: 'response', status: 503 } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  test('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await delivery().send(body, { signal: controller.signal })).toEqual({ ok: false, stop: 'aborted', last: undefined, attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });
});

describe('options and callbacks', () => {
  test.each<[string, HttpDeliveryOptions]>([
    ['maxSockets', { maxSockets: 0 }],
    ['maxFreeSockets', { maxFreeSockets: 1.5 }],
    ['maxResponseBytes', { maxResponseBytes: -1 }],
    ['incompleteResponse', { incompleteResponse: 'ignore' as never }],
    ['headers', { headers: { 'x-count': 3 as never } }],
  ])('an invalid %s throws TW_ERR_INVALID_OPTION', (name, options) => {
    expect(() => new HttpDelivery(server.url, options)).toThrow(TracewireError);
    expect(() => new HttpDelivery(server.url, options)).toThrow(new RegExp(`"${name}".*TW_ERR_INVALID_OPTION`));
  });

  test.each(['ftp://127.0.0.1/x', 'not a url', 42])('url %p is refused', (url) => {
    expect(() => new HttpDelivery(url as string)).toThrow(/"url" must be an http:\/\/ or https:\/\/ URL.*TW_ERR_INVALID_OPTION/);
  });

  test('a header node:http refuses: request-error, not retried, never a rejection', async () => {
    const result = await delivery({ headers: { 'x-bad': 'line\nbreak' } }).send(body);
    expect(result).toMatchObject({ ok: false, stop: 'final', attempts: 1, last: { kind: 'request-error' } });
    expect(server.requests).toHaveLength(0);
  });

  test('an onAttempt that throws is reported; the send goes on', async () => {
    const diagnostics = captureDiagnostics();
    const result = await delivery().send(body, {
      onAttempt: () => {
        throw new Error('counter broke');
      },
    });
    expect(result.ok).toBe(true);
    expect(diagnostics.reported.map((entry) => (entry.error as Error).message)).toEqual(['counter broke']);
  });
});
