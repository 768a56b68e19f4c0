import { active, currentIds } from '@tracewire/core';
import type { Request } from 'express';
import { FRAMEWORKS } from './helpers/frameworks';
import { harness } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { randomTraceparent, traceresponseIds } from '../../../test-support/trace-ids';

/** What a handler sees of its trace, through `req.tracewire` and through core's `active()`. */
function seenBy(req: Request) {
  const context = active();
  return {
    traceId: req.tracewire?.traceId,
    spanId: req.tracewire?.spanId,
    requestId: req.tracewire?.requestId,
    activeTraceId: currentIds()?.traceId,
    activeSpanId: currentIds()?.spanId,
    activeRequestId: context?.requestId,
    baggage: context?.baggage?.get('tenant')?.value,
    tracestate: context?.span?.spanContext().traceState?.serialize(),
  };
}

// Incoming W3C headers (SPEC-NOTES §1–3), the traceresponse answer and request ids.
describe.each(FRAMEWORKS)('%s: headers', (_name, express) => {
  const serve = harness(express);
  const echo = (app: import('express').Express) => {
    app.get('/echo/:id', (req, res) => {
      res.json(seenBy(req));
    });
  };

  test('a valid traceparent is continued; tracestate and baggage come with it; handlers see the same ids both ways', async () => {
    const { server, tracing } = await serve(echo);
    const caller = randomTraceparent('01');
    const reply = await send(server.port, '/echo/1', {
      headers: { traceparent: caller.traceparent, tracestate: 'vendor=abc,other=1', baggage: 'tenant=acme%20corp' },
    });
    const seen = JSON.parse(reply.body);
    const [span] = await tracing.spans(1);
    expect(seen).toMatchObject({
      traceId: caller.traceId,
      activeTraceId: caller.traceId,
      spanId: span!.spanContext().spanId,
      activeSpanId: span!.spanContext().spanId,
      baggage: 'acme corp',
      tracestate: 'vendor=abc,other=1',
    });
    expect(span!.parentSpanId).toBe(caller.parentId);
    // traceresponse: the server span's ids, flags as this participant decided (sampled, random bit as received)
    expect(traceresponseIds(reply.headers.traceresponse)).toEqual({ version: '00', traceId: caller.traceId, spanId: span!.spanContext().spanId, flags: '01' });
  });

  test('no traceparent: a new root trace, with the random-trace-id flag set', async () => {
    const { server, tracing } = await serve(echo);
    const reply = await send(server.port, '/echo/2', { headers: { tracestate: 'vendor=dropped' } });
    const seen = JSON.parse(reply.body);
    const [span] = await tracing.spans(1);
    expect(seen.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span!.spanContext().traceId).toBe(seen.traceId);
    expect(span!.parentSpanId).toBeUndefined();
    expect(seen.tracestate).toBeUndefined(); // tracestate without traceparent is discarded
    expect(traceresponseIds(reply.headers.traceresponse)).toMatchObject({ traceId: seen.traceId, flags: '03' });
  });

  test.each([
    ['uppercase hex', (id: string, parent: string) => `00-${id.toUpperCase()}-${parent}-01`],
    ['all-zero trace id', (_id: string, parent: string) => `00-${'0'.repeat(32)}-${parent}-01`],
    ['all-zero parent id', (id: string) => `00-${id}-${'0'.repeat(16)}-01`],
    ['version ff', (id: string, parent: string) => `ff-${id}-${parent}-01`],
    ['short trace id', (id: string, parent: string) => `00-${id.slice(1)}-${parent}-01`],
    ['extra field on version 00', (id: string, parent: string) => `00-${id}-${parent}-01-extra`],
  ])('an invalid traceparent (%s) restarts the trace and drops tracestate', async (_case, make) => {
    const { server, tracing } = await serve(echo);
    const caller = randomTraceparent();
    const reply = await send(server.port, '/echo/3', {
      headers: { traceparent: make(caller.traceId, caller.parentId), tracestate: 'vendor=abc' },
    });
    const seen = JSON.parse(reply.body);
    const [span] = await tracing.spans(1);
    expect(seen.traceId).not.toBe(caller.traceId);
    expect(seen.traceId).not.toBe('0'.repeat(32));
    expect(span!.spanContext().traceId).toBe(seen.traceId);
    expect(span!.parentSpanId).toBeUndefined();
    expect(seen.tracestate).toBeUndefined();
    expect(reply.status).toBe(200);
  });

  test('traceresponse is on by default and off with traceResponseHeader: false', async () => {
    const { server } = await serve(echo, { traceResponseHeader: false });
    const reply = await send(server.port, '/echo/4', { headers: { traceparent: randomTraceparent().traceparent } });
    expect(reply.headers.traceresponse).toBeUndefined();
    expect(reply.status).toBe(200);
  });

  test('a valid incoming x-request-id is honoured and not echoed unless asked', async () => {
    const { server } = await serve(echo);
    const reply = await send(server.port, '/echo/5', { headers: { 'x-request-id': 'req-7f3a.b_c:9' } });
    expect(JSON.parse(reply.body)).toMatchObject({ requestId: 'req-7f3a.b_c:9', activeRequestId: 'req-7f3a.b_c:9' });
    expect(reply.headers['x-request-id']).toBeUndefined();
  });

  test('echoRequestId: the request id comes back on the response', async () => {
    const { server } = await serve(echo, { echoRequestId: true });
    const honoured = await send(server.port, '/echo/6', { headers: { 'x-request-id': 'abc-123' } });
    expect(honoured.headers['x-request-id']).toBe('abc-123');
    const generated = await send(server.port, '/echo/7');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(generated.body).requestId).toBe(generated.headers['x-request-id']);
  });

  test.each([
    ['with a space', 'abc def'],
    ['too long', 'a'.repeat(129)],
    ['with markup', '<script>'],
  ])('an invalid incoming request id (%s) is replaced by a generated one', async (_case, bad) => {
    const { server } = await serve(echo, { echoRequestId: true });
    const reply = await send(server.port, '/echo/8', { headers: { 'x-request-id': bad } });
    const id = JSON.parse(reply.body).requestId;
    expect(id).not.toBe(bad);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers['x-request-id']).toBe(id);
  });

  test('a custom request id header is read and echoed under its own name; false switches ids off', async () => {
    const custom = await serve(echo, { requestIdHeader: 'X-Correlation-Id', echoRequestId: true });
    const reply = await send(custom.server.port, '/echo/9', { headers: { 'x-correlation-id': 'corr-1' } });
    expect(JSON.parse(reply.body).requestId).toBe('corr-1');
    expect(reply.headers['x-correlation-id']).toBe('corr-1');

    const off = await serve(echo, { requestIdHeader: false });
    const none = await send(off.server.port, '/echo/10', { headers: { 'x-request-id': 'ignored' } });
    expect(JSON.parse(none.body)).toMatchObject({ requestId: '' });
    expect(JSON.parse(none.body).activeRequestId).toBeUndefined();
  });
});
