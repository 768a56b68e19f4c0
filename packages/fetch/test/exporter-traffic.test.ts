/**
 * DESIGN §2: exporter traffic is never traced and never carries trace headers. With outbound
 * instrumentation on, the OTLP exporter's own POSTs (node:http) reach a real receiver without
 * `traceparent`, and no CLIENT span is ever recorded for them — even when the flush is started
 * from inside a traced request.
 */
import { SpanKind, active, createTracer, type Tracer } from '@tracewire/core';
import { instrumentOutbound } from '@tracewire/fetch';
import { OtlpTraceExporter } from '@tracewire/otlp';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test-support/otlp-receiver';
import type { TestServer } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { downstream, tracedServer, type Seen } from './helpers/servers';

let receiver: OtlpReceiver;
let down: TestServer & { seen: Seen[] };
let tracer: Tracer;
let up: TestServer;

beforeAll(async () => {
  [receiver, down] = await Promise.all([startOtlpReceiver(), downstream()]);
  tracer = createTracer({ register: false, env: {}, exporter: new OtlpTraceExporter({ url: receiver.tracesUrl }), batch: { scheduledDelayMillis: 5 } });
  instrumentOutbound({ tracer });
  up = await tracedServer(tracer, async () => {
    const seen = (await (await fetch(`${down.url}/work`)).json()) as Seen;
    // a flush started inside the request: its export must still run untraced
    await tracer.forceFlush();
    return { traceparent: seen.headers.traceparent, inTrace: active()?.span !== undefined };
  });
});
afterAll(async () => {
  instrumentOutbound().disable();
  await Promise.all([up.close(), down.close()]);
  await tracer.shutdown();
  await receiver.close();
});

test('exports carry no trace headers and create no spans, while app calls are traced', async () => {
  for (let i = 0; i < 3; i++) {
    const reply = (await send(up.port, `/r${i}`)).json<{ traceparent?: string; inTrace: boolean }>();
    expect(reply.inTrace).toBe(true);
    expect(reply.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-03$/) // sampled + random (a root tracewire started);
  }
  await tracer.forceFlush();
  await receiver.waitForHits(1);
  expect(receiver.requests.length).toBeGreaterThan(0);
  for (const request of receiver.requests) {
    expect(request.headers.traceparent).toBeUndefined();
    expect(request.headers.tracestate).toBeUndefined();
    expect(request.headers.baggage).toBeUndefined();
  }
  // exactly the app's spans: 3 SERVER + 3 CLIENT (to the downstream), none for the export POSTs
  for (let i = 0; i < 50 && receiver.spans().length < 6; i++) await tracer.forceFlush();
  const spans = receiver.spans();
  const clients = spans.filter((s) => s.kind === SpanKind.CLIENT);
  expect(spans.filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(3);
  expect(clients).toHaveLength(3);
  for (const client of clients) {
    const url = client.attributes.find((a) => a.key === 'url.full')?.value?.stringValue;
    expect(url).toMatch(new RegExp(`^${down.url}/work$`));
  }
});
