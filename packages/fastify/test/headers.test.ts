/**
 * Incoming trace headers (valid, invalid, absent — SPEC-NOTES §1, §2, §3) and what goes back on
 * the response: `traceresponse` (on by default, opt-out) and the request id (honoured or
 * generated; echoed only when asked).
 */
import { active } from '@tracewire/core';
import type { FastifyInstance } from 'fastify';
import { MAJORS, closeAll, startApp } from './helpers/harness';
import { INVALID_TRACEPARENTS, PARENT_ID, TRACE_ID } from '../../../test-support/trace-ids';
import { send } from '../../../test-support/http-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

afterEach(closeAll);

/** A route answering with what the handler sees: request.tracewire and the active context. */
function echoRoute(app: FastifyInstance): void {
  app.get('/echo/:id', async (request) => {
    const context = active();
    return {
      traceId: request.tracewire.traceId,
      spanId: request.tracewire.spanId,
      traceFlags: request.tracewire.traceFlags,
      requestId: request.tracewire.requestId,
      contextRequestId: context?.requestId,
      activeTraceId: context?.span?.spanContext().traceId,
      traceState: context?.span?.spanContext().traceState?.serialize(),
      baggage: context?.baggage?.serialize(),
    };
  });
}

describe.each(MAJORS)('%s: incoming trace headers', (_major, fastify) => {
  test('valid traceparent + tracestate + baggage: trace continued, state and baggage kept', async () => {
    const h = await startApp(fastify, { routes: echoRoute });
    const res = await send(h.port, '/echo/1', {
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, tracestate: 'vendor=abc,other=x', baggage: 'userId=alice,tier=gold' },
    });
    const seen = res.json();
    expect(seen.traceId).toBe(TRACE_ID);
    expect(seen.activeTraceId).toBe(TRACE_ID);
    expect(seen.spanId).not.toBe(PARENT_ID);
    expect(seen.traceFlags).toBe('01');
    expect(seen.traceState).toBe('vendor=abc,other=x');
    expect(String(seen.baggage).split(',').sort()).toEqual(['tier=gold', 'userId=alice']);
    const [span] = await h.spans(1);
    expect(span!.parentSpanId).toBe(PARENT_ID);
    expect(span!.spanContext().traceState?.serialize()).toBe('vendor=abc,other=x');
  });

  test('TraceParent in any letter case is the same header; surrounding spaces are trimmed', async () => {
    const h = await startApp(fastify, { routes: echoRoute });
    const res = await send(h.port, '/echo/1', { headers: { TraceParent: ` 00-${TRACE_ID}-${PARENT_ID}-01\t` } });
    expect(res.json().traceId).toBe(TRACE_ID);
  });

  test.each(INVALID_TRACEPARENTS)('invalid traceparent (%s): a new trace, no parent, tracestate dropped', async (_case, header) => {
    const h = await startApp(fastify, { routes: echoRoute });
    const seen = (await send(h.port, '/echo/1', { headers: { traceparent: header, tracestate: 'vendor=abc' } })).json();
    expect(seen.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(seen.traceId).not.toBe(TRACE_ID);
    expect(seen.traceId).not.toBe(TRACE_ID.toUpperCase());
    expect(seen.traceState).toBeUndefined();
    const [span] = await h.spans(1);
    expect(span!.parentSpanId).toBeUndefined();
    expect(span!.spanContext().traceId).toBe(seen.traceId);
  });

  test('absent traceparent: a root span of a new trace; a lone tracestate is discarded', async () => {
    const h = await startApp(fastify, { routes: echoRoute });
    const first = (await send(h.port, '/echo/1', { headers: { tracestate: 'vendor=abc' } })).json();
    const second = (await send(h.port, '/echo/2')).json();
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.traceId).not.toBe(second.traceId);
    expect(first.traceState).toBeUndefined();
    const spans = await h.spans(2);
    expect(spans.map((s) => s.parentSpanId)).toEqual([undefined, undefined]);
  });

  test('an unsampled parent: ids continue, flags 00, nothing exported', async () => {
    const h = await startApp(fastify, { routes: echoRoute });
    const res = await send(h.port, '/echo/1', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` } });
    expect(res.json().traceId).toBe(TRACE_ID);
    expect(res.json().traceFlags).toBe('00');
    expect(res.headers.traceresponse).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    await send(h.port, '/echo/2', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    const spans = await h.spans(1);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes['url.path']).toBe('/echo/2');
  });

  test('restartIncomingTraces: incoming headers are not believed', async () => {
    const h = await startApp(fastify, { routes: echoRoute, plugin: { restartIncomingTraces: true } });
    const seen = (await send(h.port, '/echo/1', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } })).json();
    expect(seen.traceId).not.toBe(TRACE_ID);
  });
});

describe.each(MAJORS)('%s: response headers and request ids', (_major, fastify) => {
  test('traceresponse by default: this server span\'s ids on the incoming trace', async () => {
    const h = await startApp(fastify, { routes: echoRoute });
    const res = await send(h.port, '/echo/1', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    const seen = res.json();
    expect(res.headers.traceresponse).toBe(`00-${TRACE_ID}-${seen.spanId}-01`);
    const [span] = await h.spans(1);
    expect(span!.spanContext().spanId).toBe(seen.spanId);
  });

  test('traceresponse also on 404s and thrown errors', async () => {
    const h = await startApp(fastify, {
      routes: (app) =>
        app.get('/boom', async () => {
          throw new Error('boom');
        }),
    });
    expect((await send(h.port, '/missing')).headers.traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/);
    expect((await send(h.port, '/boom')).headers.traceresponse).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/);
  });

  test('traceResponseHeader: false turns it off', async () => {
    const h = await startApp(fastify, { routes: echoRoute, plugin: { traceResponseHeader: false } });
    const res = await send(h.port, '/echo/1');
    expect(res.status).toBe(200);
    expect(res.headers).not.toHaveProperty('traceresponse');
  });

  test('a valid incoming x-request-id is honoured and exposed with the trace ids; not echoed by default', async () => {
    const h = await startApp(fastify, { routes: echoRoute });
    const res = await send(h.port, '/echo/1', { headers: { 'x-request-id': 'req-abc.123' } });
    expect(res.json().requestId).toBe('req-abc.123');
    expect(res.json().contextRequestId).toBe('req-abc.123');
    expect(res.headers).not.toHaveProperty('x-request-id');
  });

  test.each([
    ['absent', undefined],
    ['with spaces', 'two words'],
    ['too long', 'x'.repeat(129)],
    ['with a quote', 'id"; drop'],
  ])('x-request-id %s: a generated one (UUID)', async (_case, incoming) => {
    const h = await startApp(fastify, { routes: echoRoute });
    const seen = (await send(h.port, '/echo/1', { headers: incoming === undefined ? {} : { 'x-request-id': incoming } })).json();
    expect(seen.requestId).toMatch(UUID);
    expect(seen.contextRequestId).toBe(seen.requestId);
  });

  test('echoRequestId: the request id comes back on the response', async () => {
    const h = await startApp(fastify, { routes: echoRoute, plugin: { echoRequestId: true } });
    const honoured = await send(h.port, '/echo/1', { headers: { 'x-request-id': 'abc-123' } });
    expect(honoured.headers['x-request-id']).toBe('abc-123');
    const generated = await send(h.port, '/echo/2');
    expect(generated.headers['x-request-id']).toBe(generated.json().requestId);
    expect(generated.headers['x-request-id']).toMatch(UUID);
  });

  test('a custom request id header; false switches request ids off', async () => {
    const custom = await startApp(fastify, { routes: echoRoute, plugin: { requestIdHeader: 'X-Correlation-Id', echoRequestId: true } });
    const res = await send(custom.port, '/echo/1', { headers: { 'x-correlation-id': 'corr-1' } });
    expect(res.json().requestId).toBe('corr-1');
    expect(res.headers['x-correlation-id']).toBe('corr-1');
    const off = await startApp(fastify, { routes: echoRoute, plugin: { requestIdHeader: false } });
    expect((await send(off.port, '/echo/1', { headers: { 'x-request-id': 'abc' } })).json().requestId).toBe('');
  });
});
