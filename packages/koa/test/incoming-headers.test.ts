/**
 * Incoming `traceparent` / `tracestate` / `baggage`, valid, invalid and absent (SPEC-NOTES §1.2,
 * §1.6), and contexts that do not outlive their request. Real servers of both Koa majors;
 * expected values come from SPEC-NOTES and the issue, not from output.
 */
import { Agent, request } from 'node:http';
import { SpanKind, active } from '@tracewire/core';
import { INVALID_TRACEPARENTS } from '../../../test-support/trace-ids';
import { HEX32, PARENT_ID, TRACEPARENT, TRACE_ID, appSession, type Seen } from './helpers/app';
import { KOA_MAJORS, type KoaClass } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  const s = appSession(Koa);
  afterEach(() => s.close());

  test('a valid traceparent is continued: same trace id, remote parent, the handler sees the new span', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/42', { headers: { traceparent: TRACEPARENT, tracestate: 'vendor=abc,other=1', baggage: 'tenant=acme' } });
    const body = JSON.parse(reply.body) as Seen;
    const span = spanFor(await s.rec.spans(1), '/users/42');

    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanId).toBe(PARENT_ID);
    expect(span.parentIsRemote).toBe(true);
    expect(span.spanContext().spanId).not.toBe(PARENT_ID);
    expect(span.spanContext().traceState?.serialize()).toBe('vendor=abc,other=1');
    expect(body.traceId).toBe(TRACE_ID);
    expect(body.spanId).toBe(span.spanContext().spanId);
    expect(body.stateTraceId).toBe(TRACE_ID);
    expect(body.stateSpanId).toBe(span.spanContext().spanId);
    expect(body.baggage).toBe('acme');
  });

  test('no traceparent: a new root trace', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/1', { headers: { tracestate: 'vendor=abc' } });
    const body = JSON.parse(reply.body) as Seen;
    const span = spanFor(await s.rec.spans(1), '/users/1');

    expect(span.parentSpanId).toBeUndefined();
    expect(span.spanContext().traceId).toMatch(HEX32);
    expect(span.spanContext().traceState).toBeUndefined(); // tracestate without traceparent is discarded (§1.2)
    expect(body.traceId).toBe(span.spanContext().traceId);
  });

  test.each(INVALID_TRACEPARENTS)('an invalid traceparent (%s) restarts: new trace id, no parent, tracestate dropped', async (_case, traceparent) => {
    const port = await s.start();
    const reply = await send(port, '/users/7', { headers: { traceparent, tracestate: 'vendor=abc' } });
    const body = JSON.parse(reply.body) as Seen;
    const span = spanFor(await s.rec.spans(1), '/users/7');

    expect(span.spanContext().traceId).toMatch(HEX32);
    expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    expect(span.parentSpanId).toBeUndefined();
    expect(span.spanContext().traceState).toBeUndefined();
    expect(body.traceId).toBe(span.spanContext().traceId);
  });

  test('a traceparent sent twice is invalid (tracewire chooses, §1.2): new trace', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/8', { headers: { traceparent: [TRACEPARENT, `00-${'a'.repeat(32)}-${PARENT_ID}-01`] } });
    const span = spanFor(await s.rec.spans(1), '/users/8');
    expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    expect(span.parentSpanId).toBeUndefined();
    expect((JSON.parse(reply.body) as Seen).traceId).toBe(span.spanContext().traceId);
  });

  test('an unsampled caller: ids continue, nothing is recorded, traceresponse says not sampled', async () => {
    const port = await s.start();
    const reply = await send(port, '/users/9', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` } });
    const body = JSON.parse(reply.body) as Seen;
    expect(body.traceId).toBe(TRACE_ID);
    expect(reply.headers.traceresponse).toBe(`00-${TRACE_ID}-${body.spanId}-00`);
    expect(await s.rec.settle()).toHaveLength(0);
  });

  test('restartIncomingTraces: a valid traceparent is not continued (trust boundary)', async () => {
    const port = await s.start({ restartIncomingTraces: true });
    await send(port, '/users/10', { headers: { traceparent: TRACEPARENT } });
    const span = spanFor(await s.rec.spans(1), '/users/10');
    expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    expect(span.parentSpanId).toBeUndefined();
  });

  test('outside a request nothing is active, and keep-alive requests on one socket do not share a context', async () => {
    const port = await s.start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (headers: Record<string, string>) =>
      new Promise<Seen>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/users/1', headers, agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(JSON.parse(body) as Seen));
        })
          .on('error', reject)
          .end();
      });
    try {
      const first = await get({ traceparent: TRACEPARENT });
      const second = await get({});
      expect(first.traceId).toBe(TRACE_ID);
      expect(second.traceId).toMatch(HEX32);
      expect(second.traceId).not.toBe(TRACE_ID);
    } finally {
      agent.destroy();
    }
    expect(active()).toBeUndefined();
  });
});
