/**
 * Env-only exporter selection (SPEC-NOTES §12): `OTEL_TRACES_EXPORTER=zipkin` (or `otlp`) is enough
 * — core loads `@tracewire/<name>`, which registers itself — without the app importing the package.
 * A package that is not installed keeps the old behaviour: a warning (env) or TW_ERR_UNKNOWN_EXPORTER
 * (code), both naming the package to install. Uses the real zipkin package and a real receiver.
 */
import { registry } from '../../src/context/registry';
import { createTracer } from '../../src/create-tracer';
import { resetWarning, setDiagLogger, setErrorHandler } from '../../src/diag';
import { TracewireError } from '../../src/errors';
import { registerExporter } from '../../src/config/exporters';
import { assertBuilt, PACKAGES_DIR, spawnNode } from '../../../../test-support/node-child';
import { startZipkinReceiver, type ZipkinReceiver } from '../../../../test-support/zipkin-receiver';

let receiver: ZipkinReceiver;
let warnings: string[];
let reported: Array<{ message: string; where: string }>;

beforeAll(async () => {
  receiver = await startZipkinReceiver();
});
afterAll(async () => {
  setDiagLogger(null);
  setErrorHandler(null);
  await receiver.close();
});
beforeEach(() => {
  receiver.reset();
  warnings = [];
  reported = [];
  setDiagLogger({ warn: (message) => warnings.push(message), error: () => undefined });
  setErrorHandler((error, where) => reported.push({ message: (error as Error).message, where }));
  // every test starts as an app that has imported no exporter package
  for (const name of ['zipkin', 'otlp']) {
    registry.exporterFactories.delete(name);
    resetWarning(`env:OTEL_TRACES_EXPORTER=${name}`);
  }
  jest.resetModules();
});
afterEach(() => {
  jest.dontMock('@tracewire/zipkin');
  jest.dontMock('@tracewire/otlp');
});

/** What `require` throws for a package that is not installed. */
function notInstalled(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
}

test('OTEL_TRACES_EXPORTER=zipkin and the endpoint variable alone: core loads the package and spans arrive', async () => {
  expect(registry.exporterFactories.has('zipkin')).toBe(false);
  const tracer = createTracer({
    serviceName: 'env-only',
    register: false,
    env: { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: receiver.url },
  });
  expect(registry.exporterFactories.has('zipkin')).toBe(true);
  tracer.startSpan('checkout').end();
  tracer.startSpan('payment').end();
  expect((await tracer.shutdown()).ok).toBe(true);
  const spans = await receiver.waitForSpans(2);
  expect(spans.map((span) => span.name)).toEqual(['checkout', 'payment']);
  expect(spans[0]).toMatchObject({ localEndpoint: { serviceName: 'env-only' } });
  expect(warnings).toEqual([]);
  expect(reported).toEqual([]);
});

test('the exporter option by name loads the package too (case-insensitive, in a list)', async () => {
  const tracer = createTracer({
    exporter: ['none', ' Zipkin '],
    register: false,
    env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: receiver.url },
  });
  tracer.startSpan('coded').end();
  expect((await tracer.shutdown()).ok).toBe(true);
  expect((await receiver.waitForSpans(1))[0]!.name).toBe('coded');
});

test('not installed, from the env: a warning naming the package, no error report, the other exporters still work', async () => {
  jest.doMock('@tracewire/otlp', () => {
    throw notInstalled('@tracewire/otlp');
  });
  const tracer = createTracer({
    register: false,
    env: { OTEL_TRACES_EXPORTER: 'otlp,zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: receiver.url },
  });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('OTEL_TRACES_EXPORTER');
  expect(warnings[0]).toContain('npm install @tracewire/otlp');
  expect(reported).toEqual([]);
  tracer.startSpan('still-exported').end();
  await tracer.shutdown();
  expect((await receiver.waitForSpans(1))[0]!.name).toBe('still-exported');
});

test('not installed, from the code option: TW_ERR_UNKNOWN_EXPORTER naming the package', () => {
  jest.doMock('@tracewire/zipkin', () => {
    throw notInstalled('@tracewire/zipkin');
  });
  let thrown: unknown;
  try {
    createTracer({ exporter: 'zipkin', register: false, env: {} });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TracewireError);
  expect((thrown as TracewireError).code).toBe('TW_ERR_UNKNOWN_EXPORTER');
  expect((thrown as TracewireError).message).toContain('npm install @tracewire/zipkin');
});

test('a package that fails while loading is reported, then treated as unknown', () => {
  jest.doMock('@tracewire/zipkin', () => {
    // one of the package's own dependencies is missing: not the "not installed" case
    throw notInstalled('some-dependency-of-zipkin');
  });
  createTracer({ register: false, env: { OTEL_TRACES_EXPORTER: 'zipkin' } });
  expect(reported).toEqual([{ message: "Cannot find module 'some-dependency-of-zipkin'", where: 'loading @tracewire/zipkin' }]);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('npm install @tracewire/zipkin');
});

test('a package that loads but registers nothing is unknown; other names are never loaded', () => {
  const loaded: string[] = [];
  jest.doMock('@tracewire/otlp', () => {
    loaded.push('otlp');
    return {};
  });
  createTracer({ register: false, env: { OTEL_TRACES_EXPORTER: 'otlp, kafka' } });
  expect(loaded).toEqual(['otlp']);
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toContain('npm install @tracewire/otlp');
  expect(warnings[1]).toContain('"kafka"');
});

test('a registered factory that throws: reported and skipped for the env var, thrown for the code option', () => {
  registerExporter('exploding-test', () => {
    throw new Error('factory exploded');
  });
  const tracer = createTracer({ register: false, env: { OTEL_TRACES_EXPORTER: 'exploding-test' } });
  expect(tracer.recording).toBe(false);
  expect(reported).toEqual([{ message: 'factory exploded', where: 'creating the "exploding-test" exporter from OTEL_TRACES_EXPORTER' }]);
  expect(() => createTracer({ exporter: 'exploding-test', register: false, env: {} })).toThrow('factory exploded');
});

test('from the built packages (as installed): core\'s require finds @tracewire/zipkin by itself', async () => {
  assertBuilt('core', 'zipkin');
  const child = spawnNode(
    `
      const { createTracer } = require('@tracewire/core');
      const tracer = createTracer({ serviceName: 'from-dist' });
      tracer.startSpan('dist-span').end();
      tracer.shutdown().then((result) => console.log(JSON.stringify(result)));
    `,
    { cwd: PACKAGES_DIR, env: { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: receiver.url } },
  );
  try {
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stderr()).toBe('');
    expect(JSON.parse(child.stdout())).toEqual({ ok: true, timedOut: false });
    const [span] = await receiver.waitForSpans(1);
    expect(span).toMatchObject({ name: 'dist-span', localEndpoint: { serviceName: 'from-dist' } });
  } finally {
    child.kill();
  }
}, 20_000);
