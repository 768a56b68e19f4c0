/**
 * The shared HTTP delivery against a real server (SPEC-NOTES 7.5): which answers are retried,
 * how long it waits (backoff from 1 s, or Retry-After as seconds or an HTTP-date), and when it
 * gives up. Waits use the real policy, so timeouts are generous; lower bounds on elapsed time
 * only show that a wait happened.
 */
import { HttpDelivery } from '../../src/export/http-delivery/http-delivery';
import type { HttpDeliveryOptions, HttpSendOptions } from '../../src/export/http-delivery/types';
import { closedPort, HOST } from '../../../../test-support/servers';
import { startPlannedServer, type PlannedServer } from './http-delivery-support';

let server: PlannedServer;
const deliveries: HttpDelivery[] = [];
const body = Buffer.from('{"spans":[1,2,3]}');

beforeEach(async () => {
  server = await startPlannedServer();
});
afterEach(async () => {
  for (const delivery of deliveries.splice(0)) delivery.destroy();
  await server.close();
});

function delivery(options: HttpDeliveryOptions = {}, url: string = server.url): HttpDelivery {
  const made = new HttpDelivery(url, options);
  deliveries.push(made);
  return made;
}

async function timedSend(target: HttpDelivery, options: HttpSendOptions = {}) {
  const started = Date.now();
  const result = await target.send(body, options);
  return { result, ms: Date.now() - started };
}

test('503 then 200: retried after the backoff (1 s − 20 % at least), with the same body', async () => {
  server.plan(503, 200);
  const attempts: number[] = [];
  const { result, ms } = await timedSend(delivery(), { onAttempt: (attempt) => attempts.push(attempt) });
  expect(result).toMatchObject({ ok: true, stop: 'final', attempts: 2, last: { kind: 'response', status: 200 } });
  expect(attempts).toEqual([0, 1]);
  expect(ms).toBeGreaterThanOrEqual(800);
  expect(server.requests.map((request) => request.body.toString())).toEqual([body.toString(), body.toString()]);
}, 20_000);

test('400 is not retried: the answer is handed back, body included', async () => {
  server.plan({ status: 400, headers: { 'content-type': 'text/plain' }, body: 'span 7 has no name' });
  const { result } = await timedSend(delivery());
  expect(result.ok).toBe(false);
  expect(result.stop).toBe('final');
  expect(result.attempts).toBe(1);
  expect(result.last?.kind).toBe('response');
  if (result.last?.kind !== 'response') return;
  expect(result.last.status).toBe(400);
  expect(result.last.headers['content-type']).toBe('text/plain');
  expect(result.last.body.toString()).toBe('span 7 has no name');
  expect(server.requests).toHaveLength(1);
});

test.each([401, 404, 413, 500, 501])('HTTP %i is not retried either', async (status) => {
  server.plan(status, 200);
  const { result } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: false, stop: 'final', attempts: 1, last: { status } });
  expect(server.requests).toHaveLength(1);
});

test.each([200, 202, 204])('HTTP %i is success', async (status) => {
  server.plan(status);
  expect(await delivery().send(body)).toMatchObject({ ok: true, stop: 'final', attempts: 1, last: { kind: 'response', status } });
});

test('429, 502 and 504 are retried too; Retry-After: 0 retries at once', async () => {
  server.plan(...[429, 502, 504].map((status) => ({ status, headers: { 'retry-after': '0' } })), 200);
  const { result, ms } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: true, attempts: 4 });
  expect(ms).toBeLessThan(800 * 3); // no 1 s + 1.5 s + 2.25 s backoff happened
}, 20_000);

test('gives up after 5 retries (6 attempts)', async () => {
  server.plan(...Array.from({ length: 7 }, () => ({ status: 503, headers: { 'retry-after': '0' } })));
  const { result } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: false, stop: 'retries-exhausted', attempts: 6, last: { kind: 'response', status: 503 } });
  expect(server.requests).toHaveLength(6);
}, 20_000);

test('honours Retry-After in seconds', async () => {
  server.plan({ status: 503, headers: { 'retry-after': '2' } }, 200);
  const { result, ms } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: true, attempts: 2 });
  expect(ms).toBeGreaterThanOrEqual(1900); // longer than any first backoff (≤ 1.2 s)
}, 20_000);

test('honours Retry-After as an HTTP-date', async () => {
  const at = new Date(Date.now() + 3000); // HTTP-dates have whole seconds: at least 2 s from now
  server.plan({ status: 429, headers: { 'retry-after': at.toUTCString() } }, 200);
  const { result, ms } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: true, attempts: 2 });
  expect(ms).toBeGreaterThanOrEqual(1500);
}, 20_000);

test('an HTTP-date Retry-After in the past means retry now', async () => {
  server.plan({ status: 503, headers: { 'retry-after': new Date(Date.now() - 60_000).toUTCString() } }, 200);
  const { result, ms } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: true, attempts: 2 });
  expect(ms).toBeLessThan(800); // not the 1 s backoff
}, 20_000);

test('a connection cut before any answer is retried', async () => {
  server.plan('destroy', 200);
  const { result } = await timedSend(delivery());
  expect(result).toMatchObject({ ok: true, attempts: 2 });
  expect(server.requests).toHaveLength(2);
}, 20_000);

test('a refused connection: retried with backoff, then it stops inside the deadline', async () => {
  const url = `http://${HOST}:${await closedPort()}/v1/things`;
  const { result, ms } = await timedSend(delivery({}, url), { deadline: Date.now() + 3000 });
  expect(result.ok).toBe(false);
  // attempts at 0 and after ~1 s (and maybe ~2.5 s); the next wait no longer fits
  expect(['no-time', 'deadline']).toContain(result.stop);
  expect(result.attempts).toBeGreaterThanOrEqual(2);
  expect(result.last?.kind).toBe('network-error');
  if (result.last?.kind === 'network-error') expect((result.last.error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  expect(ms).toBeLessThan(3000 + 2000); // a loaded machine gets a generous margin
}, 20_000);

test('headers are sent with the content length; consecutive sends reuse one kept-alive connection', async () => {
  const target = delivery({ headers: { 'content-type': 'application/json', authorization: 'Bearer t0k3n' } });
  for (let i = 0; i < 3; i++) expect((await target.send(body)).ok).toBe(true);
  expect(server.requests[0]!.method).toBe('POST');
  expect(server.requests[0]!.headers).toMatchObject({
    'content-type': 'application/json',
    authorization: 'Bearer t0k3n',
    'content-length': String(body.length),
  });
  expect(new Set(server.requests.map((request) => request.remotePort)).size).toBe(1);
});
