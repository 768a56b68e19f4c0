/**
 * `traceresponse` (on by default, opt-out) and request ids: honoured, generated, echoed. Real
 * servers of both Koa majors; expected values come from SPEC-NOTES §1.4 and the issue.
 */
import { TRACEPARENT, TRACE_ID, UUID, appSession, type Seen } from './helpers/app';
import { KOA_MAJORS, type KoaClass } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  const s = appSession(Koa);
  afterEach(() => s.close());

  test('traceresponse by default: version 00, the trace id, the SERVER span id, sampled', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/1', { headers: { traceparent: TRACEPARENT } });
    const span = spanFor(await s.rec.spans(1), '/users/1');
    expect(reply.headers.traceresponse).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
  });

  test('traceresponse on a new trace carries the sampled and random-trace-id flags (§1.4)', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/1');
    const span = spanFor(await s.rec.spans(1), '/users/1');
    expect(reply.headers.traceresponse).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-03`);
  });

  test('traceResponseHeader: false opts out', async () => {
    const port = await s.start({ traceResponseHeader: false });
    const reply = await send(port, '/users/1');
    expect(reply.headers.traceresponse).toBeUndefined();
  });

  test('a valid incoming x-request-id is honoured and exposed with the ids; not echoed by default', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/1', { headers: { 'x-request-id': 'req-123.abc' } });
    const body = JSON.parse(reply.body) as Seen;
    expect(body.requestId).toBe('req-123.abc');
    expect(body.activeRequestId).toBe('req-123.abc');
    expect(reply.headers['x-request-id']).toBeUndefined();
  });

  test.each([
    ['an absent', undefined],
    ['a too long', 'a'.repeat(129)],
    ['an unsafe', 'id with spaces;<script>'],
  ])('%s x-request-id is replaced by a generated one', async (_case, incoming) => {
    const port = await s.start({ echoRequestId: true });
    const reply = await send(port, '/users/1', { headers: incoming === undefined ? {} : { 'x-request-id': incoming } });
    const body = JSON.parse(reply.body) as Seen;
    expect(body.requestId).toMatch(UUID);
    expect(body.activeRequestId).toBe(body.requestId);
    expect(reply.headers['x-request-id']).toBe(body.requestId);
  });

  test('echoRequestId with a custom header name', async () => {
    const port = await s.start({ echoRequestId: true, requestIdHeader: 'X-Correlation-Id' });
    const reply = await send(port, '/users/1', { headers: { 'x-correlation-id': 'corr-1' } });
    expect((JSON.parse(reply.body) as Seen).requestId).toBe('corr-1');
    expect(reply.headers['x-correlation-id']).toBe('corr-1');
  });

  test('requestIdHeader: false switches request ids off', async () => {
    const port = await s.start({ requestIdHeader: false });
    const reply = await send(port, '/users/1', { headers: { 'x-request-id': 'req-1' } });
    const body = JSON.parse(reply.body) as Seen;
    expect(body.requestId).toBe('');
    expect(body.activeRequestId).toBeUndefined();
  });
});
