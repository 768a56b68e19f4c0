/** Importing the package makes `otlp` an exporter name, configured from the environment alone. */
import { createTracer, SpanKind, type Tracer } from '@tracewire/core';
import { OtlpTraceExporter } from '@tracewire/otlp';
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
