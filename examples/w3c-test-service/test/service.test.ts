/**
 * The test service over real HTTP on 127.0.0.1, checked against the propagation rules of
 * SPEC-NOTES §1–2 (W3C Trace Context): what reaches the downstream receiver is what a W3C
 * harness would see.
 */
import type { Server } from 'node:http';
import { createTracer } from '@tracewire/core';
import { createTestService } from '../src/service';
import { HOST, closeServer, closedPort, listenOn } from '../../../test-support/servers';
import { type Receiver, post, startReceiver } from './helpers/http';
import { outgoingTraceparent } from './helpers/traceparent';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const TRACESTATE = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7';
const JSON_HEADERS = { 'content-type': 'application/json' };

let service: Server;
let port: number;
let receiver: Receiver;

/** Replaces the service under test with one built from `options` (a private tracer each time). */
async function restartService(options: { callTimeoutMs?: number; maxBodyBytes?: number; testPath?: string } = {}) {
  if (service !== undefined) await closeServer(service);
  service = createTestService({ tracer: createTracer({ register: false, env: {} }), ...options });
  port = await listenOn(service);
}

beforeEach(async () => {
  await restartService();
  receiver = await startReceiver();
});

afterEach(async () => {
  await closeServer(service);
  await receiver.close();
});

/** The harness's request: one item per downstream call, `arguments` sent on as the body. */
function callList(...items: Array<{ path: string; args: unknown }>): string {
  return JSON.stringify(items.map(({ path, args }) => ({ url: `${receiver.url}${path}`, arguments: args })));
}

/** POSTs one call to the receiver with the given incoming headers; returns what arrived there. */
async function forwardOnce(headers: Record<string, string> | string[]) {
  const answer = await post(port, '/test', callList({ path: '/one', args: [] }), headers);
  expect(answer.status).toBe(200);
  expect(receiver.received).toHaveLength(1);
  return receiver.received[0]!.headers;
}

/**
 * Node's raw header form, one entry per header line, so a header can be sent twice. Node adds no
 * Host header to a raw list and its server answers 400 without one, so it is added here.
 */
function headerLines(...lines: Array<[string, string]>): string[] {
  return [['Host', `${HOST}:${port}`], ['Content-Type', 'application/json'], ...lines].flat();
}

describe('a valid traceparent is continued (SPEC-NOTES §1.2, §1.5)', () => {
  test('every call: same trace id, its own new parent-id, flags and tracestate forwarded', async () => {
    const items = [
      { path: '/a', args: [{ url: 'http://example.invalid/next', arguments: [] }] },
      { path: '/b', args: { nested: [1, 'two', null] } },
      { path: '/c', args: 'plain string' },
    ];
    const answer = await post(port, '/test', callList(...items), {
      ...JSON_HEADERS, traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: TRACESTATE,
    });

    expect(answer.status).toBe(200);
    expect(receiver.received.map((r) => r.path)).toEqual(['/a', '/b', '/c']);
    expect(receiver.received.map((r) => r.body)).toEqual(items.map((item) => JSON.stringify(item.args)));
    const parents = receiver.received.map((r) => {
      expect(r.headers['content-type']).toBe('application/json');
      // an unchanged list of valid members must be forwarded as it came (§2.4)
      expect(r.headers.tracestate).toBe(TRACESTATE);
      const sent = outgoingTraceparent(r.headers);
      expect(sent.traceId).toBe(TRACE_ID);
      expect(sent.flags).toBe('01');
      // parent-id = the current operation's span, never the caller's (§1.5 processing model)
      expect(sent.parentId).not.toBe(PARENT_ID);
      return sent.parentId;
    });
    // one CLIENT span per call, so every call has its own parent-id
    expect(new Set(parents).size).toBe(parents.length);
  });

  // trace-flags is a bit field (§1.4): the sampled bit follows the upstream decision (default
  // parent-based sampler), the random bit is kept as received, bits 2-7 are zeroed on output.
  test.each([
    ['00', '00', 'not sampled stays not sampled'],
    ['01', '01', 'sampled stays sampled'],
    ['02', '02', 'random bit kept, not sampled'],
    ['03', '03', 'sampled with the random bit kept'],
    ['05', '01', 'unknown bit 2 zeroed'],
    ['ff', '03', 'all unknown bits zeroed'],
  ])('incoming flags %s are sent on as %s (%s)', async (incoming, expected) => {
    const headers = await forwardOnce({ ...JSON_HEADERS, traceparent: `00-${TRACE_ID}-${PARENT_ID}-${incoming}` });
    const sent = outgoingTraceparent(headers);
    expect(sent.traceId).toBe(TRACE_ID);
    expect(sent.flags).toBe(expected);
  });

  test('a higher version is parsed at fixed positions and sent on as version 00 (§1.3)', async () => {
    const headers = await forwardOnce({
      ...JSON_HEADERS, traceparent: `cc-${TRACE_ID}-${PARENT_ID}-01-what-the-future-will-be-like`, tracestate: 'foo=1',
    });
    const sent = outgoingTraceparent(headers);
    expect(sent.version).toBe('00');
    expect(sent.traceId).toBe(TRACE_ID);
    expect(sent.parentId).not.toBe(PARENT_ID);
    expect(sent.flags).toBe('01');
    expect(headers.tracestate).toBe('foo=1');
  });

  test('repeated tracestate header lines are combined in order (§2.2 step 2)', async () => {
    const headers = await forwardOnce(headerLines(
      ['traceparent', `00-${TRACE_ID}-${PARENT_ID}-01`],
      ['tracestate', 'a=1'],
      ['tracestate', 'b=2'],
    ));
    expect(outgoingTraceparent(headers).traceId).toBe(TRACE_ID);
    expect(headers.tracestate).toBe('a=1,b=2');
  });
});

describe('an invalid or absent traceparent restarts the trace and drops tracestate (§1.2, §1.6)', () => {
  const tail = `${TRACE_ID}-${PARENT_ID}-01`;
  test.each([
    ['uppercase trace id', `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`],
    ['uppercase parent id', `00-${TRACE_ID}-${PARENT_ID.toUpperCase()}-01`],
    ['uppercase flags', `00-${TRACE_ID}-${PARENT_ID}-0A`],
    ['non-hex character', `00-${TRACE_ID.slice(0, 31)}g-${PARENT_ID}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
    ['all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${tail}`],
    ['version of 1 character', `0-${tail}`],
    ['version of 3 characters', `000-${tail}`],
    ['trace id of 31 characters', `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`],
    ['trace id of 33 characters', `00-${TRACE_ID}a-${PARENT_ID}-01`],
    ['parent id of 15 characters', `00-${TRACE_ID}-${PARENT_ID.slice(1)}-01`],
    ['parent id of 17 characters', `00-${TRACE_ID}-${PARENT_ID}a-01`],
    ['flags of 1 character', `00-${TRACE_ID}-${PARENT_ID}-1`],
    ['flags of 3 characters', `00-${TRACE_ID}-${PARENT_ID}-011`],
    ['wrong separator', `00_${TRACE_ID}_${PARENT_ID}_01`],
    ['version 00 with an extra field', `00-${tail}-extra`],
    ['version 00 with trailing characters', `00-${tail}.x`],
    ['higher version with a non-dash after the flags', `cc-${tail}.what`],
    ['garbage', 'hello, world'],
  ])('%s: %s', async (_name, traceparent) => {
    const headers = await forwardOnce({ ...JSON_HEADERS, traceparent, tracestate: 'foo=bar' });
    const sent = outgoingTraceparent(headers);
    expect(sent.traceId).not.toBe(TRACE_ID);
    expect(sent.traceId).not.toBe(TRACE_ID.toUpperCase());
    expect(sent.parentId).not.toBe(PARENT_ID);
    expect(headers.tracestate).toBeUndefined();
  });

  test('absent: a new sampled trace with the random bit, tracestate alone is discarded', async () => {
    const answer = await post(port, '/test', callList({ path: '/1', args: 1 }, { path: '/2', args: 2 }), {
      ...JSON_HEADERS, tracestate: 'foo=bar',
    });
    expect(answer.status).toBe(200);
    const sent = receiver.received.map((r) => outgoingTraceparent(r.headers));
    expect(sent).toHaveLength(2);
    // a root with the default sampler (AlwaysOn) and CSPRNG ids: sampled | random = 03 (§1.4)
    expect(sent.map((s) => s.flags)).toEqual(['03', '03']);
    expect(sent[1]!.traceId).toBe(sent[0]!.traceId);
    expect(sent[1]!.parentId).not.toBe(sent[0]!.parentId);
    expect(receiver.received.map((r) => r.headers.tracestate)).toEqual([undefined, undefined]);
  });

  test('each request without traceparent gets its own trace', async () => {
    await post(port, '/test', callList({ path: '/1', args: 1 }), JSON_HEADERS);
    await post(port, '/test', callList({ path: '/2', args: 2 }), JSON_HEADERS);
    const [first, second] = receiver.received.map((r) => outgoingTraceparent(r.headers));
    expect(second!.traceId).not.toBe(first!.traceId);
  });

  test('no traceparent means a new trace even when the server was started inside a span', async () => {
    // Node runs request handlers in the async context the server listened in; the service must
    // not make such an ambient span the parent of an unrelated incoming request.
    await closeServer(service);
    const tracer = createTracer({ register: false, env: {} });
    service = createTestService({ tracer });
    let ambientTraceId = '';
    port = await tracer.startActiveSpan('ambient', {}, undefined, (span) => {
      ambientTraceId = span.spanContext().traceId;
      return listenOn(service);
    });
    const headers = await forwardOnce(JSON_HEADERS);
    expect(outgoingTraceparent(headers).traceId).not.toBe(ambientTraceId);
  });

  test('a traceparent header sent twice is invalid (§1.2 tracewire chooses)', async () => {
    const headers = await forwardOnce(headerLines(
      ['traceparent', `00-${TRACE_ID}-${PARENT_ID}-01`],
      ['traceparent', `00-${TRACE_ID}-${PARENT_ID}-01`],
      ['tracestate', 'foo=bar'],
    ));
    const sent = outgoingTraceparent(headers);
    expect(sent.traceId).not.toBe(TRACE_ID);
    expect(headers.tracestate).toBeUndefined();
  });
});

describe('ordering and completion', () => {
  test('calls are made one after the other, and the 200 comes only after the last answer', async () => {
    await receiver.close();
    receiver = await startReceiver(30);
    const paths = ['/1', '/2', '/3', '/4'];
    const answer = await post(port, '/test', callList(...paths.map((path) => ({ path, args: path }))), JSON_HEADERS);

    expect(answer.status).toBe(200);
    expect(receiver.received.map((r) => r.path)).toEqual(paths);
    receiver.received.forEach((call, i) => {
      expect(call.answeredAt).toBeDefined();
      // the next call only starts once this one was answered: strictly sequential
      if (i > 0) expect(call.receivedAt).toBeGreaterThanOrEqual(receiver.received[i - 1]!.answeredAt!);
    });
    expect(answer.at).toBeGreaterThanOrEqual(receiver.received[paths.length - 1]!.answeredAt!);
  });
});

describe('bad input never crashes the service', () => {
  test.each([
    ['not JSON', '{"url": '],
    ['empty body', ''],
    ['not an array', JSON.stringify({ url: 'http://127.0.0.1:1/', arguments: [] })],
    ['an item that is not an object', '[1]'],
    ['an item without url', JSON.stringify([{ arguments: [] }])],
    ['a url that is not http', JSON.stringify([{ url: 'ftp://127.0.0.1/x', arguments: [] }])],
    ['an item without arguments', JSON.stringify([{ url: 'http://127.0.0.1:1/' }])],
  ])('%s → 400 with a message, and no call is made', async (_name, body) => {
    const answer = await post(port, '/test', body, JSON_HEADERS);
    expect(answer.status).toBe(400);
    expect(answer.body.trim().length).toBeGreaterThan(0);
    expect(receiver.received).toHaveLength(0);
  });

  test('an unreachable url is tried, recorded, and the next items are still called', async () => {
    const unreachable = `http://${HOST}:${await closedPort()}/nobody`;
    const body = JSON.stringify([
      { url: unreachable, arguments: [] },
      { url: `${receiver.url}/after`, arguments: ['still called'] },
    ]);
    const answer = await post(port, '/test', body, JSON_HEADERS);
    expect(answer.status).toBe(200);
    const { calls } = JSON.parse(answer.body) as { calls: Array<{ url: string; error?: string; status?: number }> };
    expect(calls[0]).toMatchObject({ url: unreachable, error: expect.any(String) });
    expect(calls[1]).toMatchObject({ status: 200 });
    expect(receiver.received.map((r) => r.body)).toEqual([JSON.stringify(['still called'])]);
  });

  test('a call that does not answer in time is cut off and the next one still happens', async () => {
    await restartService({ callTimeoutMs: 100 });
    await receiver.close();
    receiver = await startReceiver((path) => (path === '/slow' ? 5_000 : 0));

    const answer = await post(port, '/test', callList({ path: '/slow', args: 1 }, { path: '/fast', args: 2 }), JSON_HEADERS);
    expect(answer.status).toBe(200);
    const { calls } = JSON.parse(answer.body) as { calls: Array<{ error?: string; status?: number }> };
    expect(calls[0]!.error).toMatch(/100 ms/);
    expect(calls[1]!.status).toBe(200);
    expect(receiver.received.map((r) => r.path)).toEqual(['/slow', '/fast']);
  });

  test('unknown path → 404, wrong method → 405, and the service keeps serving', async () => {
    expect((await post(port, '/nope', '[]', JSON_HEADERS)).status).toBe(404);
    expect((await post(port, '/test/extra', '[]', JSON_HEADERS)).status).toBe(404);
    expect((await post(port, '/test', '', {}, 'GET')).status).toBe(405);
    const answer = await post(port, '/test?from=harness', callList({ path: '/ok', args: true }), JSON_HEADERS);
    expect(answer.status).toBe(200);
    expect(receiver.received.map((r) => r.body)).toEqual(['true']);
  });

  test('an empty list is a valid request that makes no call', async () => {
    const answer = await post(port, '/test', '[]', JSON_HEADERS);
    expect(answer.status).toBe(200);
    expect(receiver.received).toHaveLength(0);
  });

  test('a body over the size cap → 413, whether declared or streamed', async () => {
    await restartService({ maxBodyBytes: 64 });
    const big = JSON.stringify([{ url: `${receiver.url}/big`, arguments: 'x'.repeat(200) }]);

    expect((await post(port, '/test', big, JSON_HEADERS)).status).toBe(413);
    // chunked: no Content-Length to refuse early, so the cap applies while reading
    expect((await post(port, '/test', big, { ...JSON_HEADERS, 'transfer-encoding': 'chunked' })).status).toBe(413);
    expect(receiver.received).toHaveLength(0);
    expect((await post(port, '/test', '[]', JSON_HEADERS)).status).toBe(200);
  });

  test('a custom test path is honoured', async () => {
    await restartService({ testPath: '/harness' });
    expect((await post(port, '/test', '[]', JSON_HEADERS)).status).toBe(404);
    expect((await post(port, '/harness', '[]', JSON_HEADERS)).status).toBe(200);
  });
});
