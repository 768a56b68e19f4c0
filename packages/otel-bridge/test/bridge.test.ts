/**
 * registerOtelBridge(): code that uses only @opentelemetry/api, called inside a request served by
 * @tracewire/express, produces tracewire spans in the request's trace (exported by tracewire),
 * sees tracewire's active span, and propagates tracewire's context.
 */
import http from 'node:http';
import express from 'express';
import { ROOT_CONTEXT as OTEL_ROOT, TraceFlags, context, propagation, trace } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode, active, alwaysOff, createTracer, InMemorySpanExporter, run, setDiagLogger, setTracer, withBaggage, Baggage } from '@tracewire/core';
import { tracewire } from '@tracewire/express';
import { registerOtelBridge, type OtelBridge } from '@tracewire/otel-bridge';
import { recording, type Recording } from '../../../test-support/recording';
import { listen, type TestServer } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { TRACEPARENT, TRACE_ID } from '../../../test-support/trace-ids';
import { observe, query } from './helpers/otel-library';

setDiagLogger(null);

let rec: Recording;
let bridge: OtelBridge;
let server: TestServer;

beforeAll(async () => {
  rec = recording();
  // no tracer option: API spans go to the process-wide tracer, looked up per span
  setTracer(rec.tracer);
  bridge = registerOtelBridge();
  const app = express();
  app.use(tracewire({ tracer: rec.tracer, outbound: false }));
  app.get('/orders/:id', async (req, res) => {
    const before = observe();
    const result = await query(`select * from orders where id = ${req.params.id}`, req.query.fail === '1').catch((error: Error) => ({ error: error.message }));
    res.json({ before, result, server: req.tracewire!.spanId });
  });
  server = await listen(app as unknown as http.RequestListener);
});
afterAll(async () => {
  await server.close();
  bridge.unregister();
  setTracer(undefined);
  await rec.tracer.shutdown();
});
beforeEach(() => rec.exporter.reset());

test('the bridge registered itself as the three globals', () => {
  expect(bridge.registered).toBe(true);
});

test("an @opentelemetry/api library span is a tracewire child of the request's SERVER span", async () => {
  const reply = (await send(server.port, '/orders/7', { headers: { traceparent: TRACEPARENT } })).json<{
    before: { activeSpanId: string; headers: Record<string, string> };
    result: { activeInside: string; headersInside: Record<string, string> };
    server: string;
  }>();
  const spans = await rec.spans(2);
  const serverSpan = spans.find((s) => s.kind === SpanKind.SERVER)!;
  const dbSpan = spans.find((s) => s.name === 'db.query')!;
  expect(serverSpan.spanContext().spanId).toBe(reply.server);
  expect(dbSpan.kind).toBe(SpanKind.CLIENT);
  expect(dbSpan.spanContext().traceId).toBe(TRACE_ID);
  expect(dbSpan.parentSpanId).toBe(reply.server);
  expect(dbSpan.attributes).toEqual({ 'db.system.name': 'fakedb', 'db.query.text': 'select * from orders where id = 7' });
  // OpenTelemetry code sees tracewire's active span, outside and inside its own span
  expect(reply.before.activeSpanId).toBe(reply.server);
  expect(reply.result.activeInside).toBe(dbSpan.spanContext().spanId);
  // propagation.inject writes tracewire's current context
  expect(reply.before.headers.traceparent).toBe(`00-${TRACE_ID}-${reply.server}-01`);
  expect(reply.result.headersInside.traceparent).toBe(`00-${TRACE_ID}-${dbSpan.spanContext().spanId}-01`);
});

test("the library's error status and exception event reach tracewire's span", async () => {
  await send(server.port, '/orders/8?fail=1');
  const spans = await rec.spans(2);
  const dbSpan = spans.find((s) => s.name === 'db.query')!;
  expect(dbSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: 'connection reset' });
  expect(dbSpan.events.map((e) => [e.name, e.attributes['exception.message']])).toEqual([['exception', 'connection reset']]);
});

test('outside any request OpenTelemetry sees no active span and injects nothing', () => {
  expect(observe()).toEqual({ activeSpanId: undefined, headers: {} });
});

test("sampling is tracewire's: under an unsampled tracer API spans do not record, keep valid ids, and are not exported", async () => {
  const exporter = new InMemorySpanExporter();
  const quiet = createTracer({ register: false, env: {}, sampler: alwaysOff(), exporter });
  setTracer(quiet);
  try {
    const span = trace.getTracer('x').startSpan('unsampled');
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(0);
    expect(span.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    span.end();
    await quiet.shutdown();
    expect(exporter.getFinishedSpans()).toEqual([]);
  } finally {
    setTracer(rec.tracer);
  }
});

test('a second registerOtelBridge() changes nothing and says it did not register', () => {
  const again = registerOtelBridge();
  expect(again.registered).toBe(false);
  expect(observe()).toEqual({ activeSpanId: undefined, headers: {} });
});

test('a span context from elsewhere (trace.wrapSpanContext) becomes the parent of tracewire spans', async () => {
  const remote = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: TraceFlags.SAMPLED, isRemote: true };
  const ctx = trace.setSpan(OTEL_ROOT, trace.wrapSpanContext(remote));
  const child = context.with(ctx, () => {
    expect(active()?.span?.spanContext().spanId).toBe(remote.spanId);
    return rec.tracer.startSpan('local-child');
  });
  child.end();
  await rec.spans(1);
  const span = rec.finished().find((s) => s.name === 'local-child')!;
  expect(span.spanContext().traceId).toBe(remote.traceId);
  expect(span.parentSpanId).toBe(remote.spanId);
});

test('baggage set through the API is tracewire baggage, and tracewire baggage is visible to the API', () => {
  const withApiBaggage = propagation.setBaggage(context.active(), propagation.createBaggage({ tenant: { value: 'acme' } }));
  context.with(withApiBaggage, () => {
    expect(active()?.baggage?.get('tenant')?.value).toBe('acme');
  });
  run(withBaggage(undefined, Baggage.parse('user=u-1')), () => {
    expect(propagation.getBaggage(context.active())?.getEntry('user')?.value).toBe('u-1');
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    expect(headers.baggage).toBe('user=u-1');
  });
});

test("propagation.extract reads tracewire's formats into a context whose span parents API spans", async () => {
  const extracted = propagation.extract(OTEL_ROOT, { traceparent: TRACEPARENT });
  expect(trace.getSpan(extracted)?.spanContext().traceId).toBe(TRACE_ID);
  const span = trace.getTracer('x').startSpan('from-extracted', {}, extracted);
  span.end();
  await rec.spans(1);
  const done = rec.finished().find((s) => s.name === 'from-extracted')!;
  expect(done.spanContext().traceId).toBe(TRACE_ID);
  expect(done.parentIsRemote).toBe(true);
});

test('context.bind keeps the context for a callback run later', async () => {
  const ctx = trace.setSpan(OTEL_ROOT, trace.wrapSpanContext({ traceId: '12'.repeat(16), spanId: '34'.repeat(8), traceFlags: 1 }));
  const later = context.bind(ctx, () => trace.getActiveSpan()?.spanContext().spanId);
  await new Promise((resolve) => setTimeout(resolve, 1));
  expect(later()).toBe('34'.repeat(8));
  expect(run(undefined, () => trace.getActiveSpan())).toBeUndefined();
});
