/** Importing the package registers `zipkin` with core: the name then works in code and in OTEL_TRACES_EXPORTER. */
import { createTracer } from '@tracewire/core';
import '@tracewire/zipkin';
import { startZipkinReceiver, type ZipkinReceiver } from '../../../test-support/zipkin-receiver';

let receiver: ZipkinReceiver;
beforeAll(async () => {
  receiver = await startZipkinReceiver();
});
afterAll(() => receiver.close());

test.each([
  ['the exporter option', { exporter: 'zipkin' }],
  ['OTEL_TRACES_EXPORTER', {}],
])('by name through %s, configured by the tracer\'s env', async (_how, options) => {
  receiver.reset();
  const tracer = createTracer({
    ...options,
    serviceName: 'named',
    register: false,
    env: { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: receiver.url },
  });
  tracer.startSpan('by-name').end();
  expect((await tracer.shutdown()).ok).toBe(true);
  const [span] = await receiver.waitForSpans(1);
  expect(span).toMatchObject({ name: 'by-name', localEndpoint: { serviceName: 'named' } });
});
