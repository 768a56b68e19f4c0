/**
 * CLIENT spans (SPEC-NOTES §5.1, §5.3, §5.5) for fetch and http: one per attempt, child of the
 * request's SERVER span, with the semantic-convention attributes and the client status rules —
 * 4xx and 5xx are errors, a network error or timeout is an error with `error.type`, the caller's
 * own abort is not.
 */
import http from 'node:http';
import { SpanKind, SpanStatusCode, type ReadableSpan } from '@tracewire/core';
import { closedPort } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { outboundHarness } from './helpers/harness';

const h = outboundHarness();

/** Runs `call` inside a traced request and returns the SERVER span and the CLIENT spans it made. */
async function traced(call: () => Promise<unknown>, clients = 1): Promise<{ server: ReadableSpan; clients: ReadableSpan[] }> {
  const up = await h.upstream(async () => {
    try {
      await call();
    } catch {
      // the span records the failure; the handler answers normally
    }
    return 'done';
  });
  await send(up.port, '/');
  const spans = await h.rec.spans(clients + 1);
  return {
    server: spans.find((s) => s.kind === SpanKind.SERVER)!,
    clients: spans.filter((s) => s.kind === SpanKind.CLIENT),
  };
}

function viaHttp(url: string, setup?: (req: http.ClientRequest) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    setup?.(req);
    req.end();
  });
}

const CLIENTS: Array<[string, (url: string) => Promise<unknown>]> = [
  ['fetch', async (url) => (await fetch(url)).text()],
  ['http', (url) => viaHttp(url)],
];

describe.each(CLIENTS)('%s', (_name, call) => {
  test('200: attributes, name, parent, status unset', async () => {
    const { server, clients } = await traced(() => call(`${h.down.url}/ok?q=1&sig=secret`));
    const [client] = clients;
    expect(client!.name).toBe('GET');
    expect(client!.parentSpanId).toBe(server.spanContext().spanId);
    expect(client!.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(client!.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': h.down.port,
      'url.full': `http://127.0.0.1:${h.down.port}/ok?q=1&sig=REDACTED`,
      'http.response.status_code': 200,
    });
    expect(client!.status.code).toBe(SpanStatusCode.UNSET);
    expect(client!.endTime).toBeGreaterThanOrEqual(client!.startTime);
  });

  test.each([404, 500, 503])('%d is an error for a client, error.type is the code', async (code) => {
    const { clients } = await traced(() => call(`${h.down.url}/status/${code}`));
    expect(clients[0]!.attributes['http.response.status_code']).toBe(code);
    expect(clients[0]!.attributes['error.type']).toBe(String(code));
    expect(clients[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  test('connection refused: error with error.type ECONNREFUSED and an exception event, no status code', async () => {
    const port = await closedPort();
    const { clients } = await traced(() => call(`http://127.0.0.1:${port}/nobody`));
    const [client] = clients;
    expect(client!.status.code).toBe(SpanStatusCode.ERROR);
    expect(client!.attributes['error.type']).toBe('ECONNREFUSED');
    expect(client!.attributes['http.response.status_code']).toBeUndefined();
    expect(client!.events.map((e) => e.name)).toEqual(['exception']);
  });
});

test('fetch timeout (AbortSignal.timeout) is an error of type TimeoutError', async () => {
  const { clients } = await traced(() => fetch(`${h.down.url}/slow`, { signal: AbortSignal.timeout(100) }));
  expect(clients[0]!.status.code).toBe(SpanStatusCode.ERROR);
  expect(clients[0]!.attributes['error.type']).toBe('TimeoutError');
});

test('http timeout (the app destroys the request on timeout) is an error with its code', async () => {
  const { clients } = await traced(() => viaHttp(`${h.down.url}/slow`, (req) => {
    req.setTimeout(100, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
  }));
  expect(clients[0]!.status.code).toBe(SpanStatusCode.ERROR);
  expect(clients[0]!.attributes['error.type']).toBe('ETIMEDOUT');
});

test("the caller's own abort (AbortController) leaves the span unset, without error.type", async () => {
  const { clients } = await traced(() => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    return fetch(`${h.down.url}/slow`, { signal: controller.signal });
  });
  expect(clients[0]!.status.code).toBe(SpanStatusCode.UNSET);
  expect(clients[0]!.attributes['error.type']).toBeUndefined();
});

test('http request aborted with an AbortSignal leaves the span unset too', async () => {
  const controller = new AbortController();
  const { clients } = await traced(() => new Promise((resolve, reject) => {
    const req = http.request(`${h.down.url}/slow`, { signal: controller.signal }, resolve);
    req.on('error', reject);
    req.end();
    setTimeout(() => controller.abort(), 100);
  }));
  expect(clients[0]!.status.code).toBe(SpanStatusCode.UNSET);
});

test('a fetch redirect: one span per hop, each hop receives its own span id as parent', async () => {
  const before = h.down.seen.length;
  const { server, clients } = await traced(() => fetch(`${h.down.url}/redirect`), 2);
  const hops = h.down.seen.slice(before);
  expect(hops.map((h) => h.path)).toEqual(['/redirect', '/landed']);
  const byStart = [...clients].sort((a, b) => a.startTime - b.startTime);
  expect(byStart.map((c) => c.attributes['http.response.status_code'])).toEqual([302, 200]);
  expect(byStart.map((c) => c.attributes['url.full'])).toEqual([`${h.down.url}/redirect`, `${h.down.url}/landed`]);
  for (const [i, hop] of hops.entries()) {
    expect(String(hop.headers.traceparent).split('-')[2]).toBe(byStart[i]!.spanContext().spanId);
    expect(byStart[i]!.parentSpanId).toBe(server.spanContext().spanId);
  }
  expect(byStart[0]!.spanContext().spanId).not.toBe(byStart[1]!.spanContext().spanId);
});

test('an unknown method is recorded as _OTHER, named HTTP, with the original kept', async () => {
  const { clients } = await traced(() => fetch(`${h.down.url}/custom`, { method: 'PURGE' }).then((r) => r.text()));
  expect(clients[0]!.name).toBe('HTTP');
  expect(clients[0]!.attributes['http.request.method']).toBe('_OTHER');
  expect(clients[0]!.attributes['http.request.method_original']).toBe('PURGE');
});

test('POST with a body through http.request', async () => {
  const { clients } = await traced(() => new Promise((resolve, reject) => {
    const req = http.request(`${h.down.url}/post`, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.write('a');
    req.end('b');
  }));
  expect(clients[0]!.attributes['http.request.method']).toBe('POST');
  expect(h.down.seen.at(-1)!.headers.traceparent).toBeDefined();
});

test('tracing adds no listener to the ClientRequest (an app without an error listener still crashes as before)', async () => {
  const port = await closedPort();
  const up = await h.upstream(async () => {
    const req = http.get(`http://127.0.0.1:${port}/`);
    const counts = ['error', 'response', 'close'].map((event) => req.listenerCount(event));
    req.on('error', () => undefined); // this test's own, added after counting
    return counts;
  });
  expect((await send(up.port, '/')).json()).toEqual([0, 0, 0]);
  const spans = await h.rec.spans(2);
  expect(spans.find((s) => s.kind === SpanKind.CLIENT)!.attributes['error.type']).toBe('ECONNREFUSED');
});
