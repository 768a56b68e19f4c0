/**
 * Settings (SPEC-NOTES §0.6, §0.7, §8.1): code option > OTEL_EXPORTER_ZIPKIN_* > default; the
 * endpoint variable is a full URL used as-is; a bad code option throws at construction, a bad env
 * value warns once (naming variable and value) and the default is used.
 */
import { TracewireError, setDiagLogger } from '@tracewire/core';
import { ZipkinExporter } from '@tracewire/zipkin';

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setDiagLogger({ warn: (message) => warnings.push(message), error: () => undefined });
});
afterAll(() => setDiagLogger(null));

const made: ZipkinExporter[] = [];
afterEach(async () => Promise.all(made.splice(0).map((exporter) => exporter.shutdown())));
function create(options: ConstructorParameters<typeof ZipkinExporter>[0]): ZipkinExporter {
  const exporter = new ZipkinExporter(options);
  made.push(exporter);
  return exporter;
}

test('defaults: http://localhost:9411/api/v2/spans and 10000 ms', () => {
  const exporter = create({ env: {} });
  expect(exporter.url).toBe('http://localhost:9411/api/v2/spans');
  expect(exporter.timeoutMillis).toBe(10_000);
});

test('OTEL_EXPORTER_ZIPKIN_ENDPOINT is used as-is (no path appended) and the timeout is read', () => {
  const exporter = create({
    env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'https://zipkin.example:9443/custom/spans?tenant=a', OTEL_EXPORTER_ZIPKIN_TIMEOUT: '2500' },
  });
  expect(exporter.url).toBe('https://zipkin.example:9443/custom/spans?tenant=a');
  expect(exporter.timeoutMillis).toBe(2500);
  expect(warnings).toEqual([]);
});

test('a timeout of 0 means no deadline', () => {
  expect(create({ env: { OTEL_EXPORTER_ZIPKIN_TIMEOUT: '0' } }).timeoutMillis).toBe(0);
  expect(create({ env: {}, timeoutMillis: 0 }).timeoutMillis).toBe(0);
});

test('code options win over the environment', () => {
  const exporter = create({
    url: 'http://127.0.0.1:9999/api/v2/spans',
    timeoutMillis: 500,
    env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://elsewhere:9411/api/v2/spans', OTEL_EXPORTER_ZIPKIN_TIMEOUT: '2500' },
  });
  expect(exporter.url).toBe('http://127.0.0.1:9999/api/v2/spans');
  expect(exporter.timeoutMillis).toBe(500);
});

test('a URL object is accepted', () => {
  expect(create({ url: new URL('http://127.0.0.1:9411/api/v2/spans'), env: {} }).url).toBe('http://127.0.0.1:9411/api/v2/spans');
});

test.each([
  ['OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'not a url'],
  ['OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'ftp://zipkin.example/api/v2/spans'],
  ['OTEL_EXPORTER_ZIPKIN_TIMEOUT', '-1'],
  ['OTEL_EXPORTER_ZIPKIN_TIMEOUT', '1.5'],
  ['OTEL_EXPORTER_ZIPKIN_TIMEOUT', 'soon'],
])('%s=%j warns once, naming variable and value, and the default is used', (name, value) => {
  const exporter = create({ env: { [name]: value } });
  create({ env: { [name]: value } });
  expect(exporter.url).toBe('http://localhost:9411/api/v2/spans');
  expect(exporter.timeoutMillis).toBe(10_000);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(name);
  expect(warnings[0]).toContain(JSON.stringify(value));
});

test('an empty variable is unset, without a warning', () => {
  expect(create({ env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: '  ', OTEL_EXPORTER_ZIPKIN_TIMEOUT: '' } }).url).toBe(
    'http://localhost:9411/api/v2/spans',
  );
  expect(warnings).toEqual([]);
});

test.each<[string, unknown]>([
  ['url', 'not a url'],
  ['url', 'ftp://zipkin.example/api/v2/spans'],
  ['url', 42],
  ['timeoutMillis', -1],
  ['timeoutMillis', 1.5],
  ['timeoutMillis', '100'],
  ['timeoutMillis', 2 ** 31],
  ['headers', { 'x-count': 1 }],
  ['headers', { 'bad name': 'x' }],
  ['headers', { 'x-ok': 'line\nbreak' }],
  ['headers', ['authorization', 'x']],
])('code option %s = %j throws TW_ERR_INVALID_OPTION at construction', (option, value) => {
  let thrown: unknown;
  try {
    create({ env: {}, [option]: value });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TracewireError);
  expect((thrown as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
  expect((thrown as TracewireError).message).toContain(`"${option}"`);
});
