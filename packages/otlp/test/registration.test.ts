/** Importing the package makes `otlp` an exporter name, configured from the environment alone. */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { active, createTracer, isTracingSuppressed, run, SpanKind, type Tracer } from '@tracewire/core';
import { OtlpTraceExporter } from '@tracewire/otlp';
import { makeSpans } from '../../core/test/helpers/make-readable-span';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test-support/otlp-receiver';

let receiver: OtlpReceiver;
let tracer: Tracer | undefined;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await tracer?.shutdown();
  tracer = undefined;
  await receiver.close();
});

describe('the `otlp` exporter name', () => {
  it('OTEL_TRACES_EXPORTER=otlp with OTEL_EXPORTER_OTLP_ENDPOINT only: spans arrive', async () => {
    tracer = createTracer({
      register: false,
      env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'env-only', OTEL_BSP_SCHEDULE_DELAY: '10' },
    });
    tracer.startSpan('GET /env', { kind: SpanKind.SERVER }).end();
    expect((await tracer.forceFlush()).ok).toBe(true);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ path: '/v1/traces', encoding: 'protobuf' });
    expect(receiver.spans().map((span) => span.name)).toEqual(['GET /env']);
    const resource = receiver.requests[0]!.decoded.resourceSpans[0]!.resource!;
    expect(resource.attributes.find((kv) => kv.key === 'service.name')?.value).toEqual({ stringValue: 'env-only' });
  });

  it('the exporter built from the name reads the other OTEL_EXPORTER_OTLP_* variables too', async () => {
    tracer = createTracer({
      register: false,
      exporter: 'otlp',
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/path`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=blue',
      },
    });
    tracer.startSpan('named').end();
    await tracer.forceFlush();
    expect(receiver.requests[0]).toMatchObject({ path: '/custom/path', encoding: 'json' });
    expect(receiver.requests[0]!.headers).toMatchObject({ 'content-encoding': 'gzip', 'x-tenant': 'blue' });
    expect(receiver.spans().map((span) => span.name)).toEqual(['named']);
  });

  it('an exporter instance works as the exporter option as well', async () => {
    const exporter = new OtlpTraceExporter({ endpoint: receiver.url, env: {} });
    tracer = createTracer({ register: false, env: {}, exporter });
    tracer.startSpan('instance').end();
    await tracer.forceFlush();
    expect(receiver.spans().map((span) => span.name)).toEqual(['instance']);
    expect(tracer.stats()).toMatchObject({ exported: 1, failed: 0, dropped: 0 });
  });
});

describe('exporter traffic', () => {
  it('runs with tracing suppressed and outside the caller\'s trace, even when export() is called directly', async () => {
    const seen: Array<{ suppressed: boolean; span: unknown }> = [];
    const onStart = (message: unknown): void => {
      const request = (message as { request: ClientRequest }).request;
      if (request.getHeader('host') === `127.0.0.1:${receiver.port}`) seen.push({ suppressed: isTracingSuppressed(), span: active()?.span });
    };
    diagnosticsChannel.subscribe('http.client.request.start', onStart);
    const exporter = new OtlpTraceExporter({ url: receiver.tracesUrl, env: {} });
    tracer = createTracer({ register: false, env: {} });
    try {
      const requestSpan = tracer.startSpan('incoming request');
      await run({ span: requestSpan }, () => exporter.export(makeSpans(1)));
      requestSpan.end();
    } finally {
      diagnosticsChannel.unsubscribe('http.client.request.start', onStart);
      await exporter.shutdown();
    }
    expect(receiver.hits).toBe(1);
    expect(seen).toEqual([{ suppressed: true, span: undefined }]);
    expect(receiver.requests[0]!.headers.traceparent).toBeUndefined();
  });
});
