import { TracewireError } from '@tracewire/core';
import { OtlpTraceExporter, type OtlpTraceExporterOptions } from '@tracewire/otlp';
import { captureDiagnostics, type CapturedDiagnostics } from '../../core/test/helpers/capture-diagnostics';

let diagnostics: CapturedDiagnostics;
const exporters: OtlpTraceExporter[] = [];

beforeEach(() => {
  diagnostics = captureDiagnostics();
});

afterEach(async () => {
  await Promise.all(exporters.splice(0).map((exporter) => exporter.shutdown()));
});

function configOf(options: OtlpTraceExporterOptions) {
  const exporter = new OtlpTraceExporter(options);
  exporters.push(exporter);
  return exporter.config;
}

const urlFor = (env: Record<string, string>, options: OtlpTraceExporterOptions = {}) => configOf({ ...options, env }).url;

describe('endpoint rules (SPEC-NOTES 7.1)', () => {
  const TRACES = 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
  const BASE = 'OTEL_EXPORTER_OTLP_ENDPOINT';
  test.each<[string, Record<string, string>, string]>([
    ['default', {}, 'http://localhost:4318/v1/traces'],
    ['base without a path', { [BASE]: 'http://c:4318' }, 'http://c:4318/v1/traces'],
    ['base with a bare slash', { [BASE]: 'http://c:4318/' }, 'http://c:4318/v1/traces'],
    ['base with a path and slash', { [BASE]: 'http://c:4318/mycollector/' }, 'http://c:4318/mycollector/v1/traces'],
    ['base with a path, no slash', { [BASE]: 'http://c:4318/mycollector' }, 'http://c:4318/mycollector/v1/traces'],
    ['https base, implicit port', { [BASE]: 'https://collector.example' }, 'https://collector.example/v1/traces'],
    ['signal URL as-is: empty path is /', { [TRACES]: 'http://c:4318' }, 'http://c:4318/'],
    ['signal URL as-is: custom path', { [TRACES]: 'https://c:4318/custom/traces/path' }, 'https://c:4318/custom/traces/path'],
    ['signal URL as-is: not given v1/traces', { [TRACES]: 'http://c:4318/v1/other' }, 'http://c:4318/v1/other'],
    ['signal URL keeps its query', { [TRACES]: 'http://c:4318/v1/traces?tenant=a' }, 'http://c:4318/v1/traces?tenant=a'],
    ['signal URL wins over the base', { [TRACES]: 'http://a:1/x', [BASE]: 'http://b:2' }, 'http://a:1/x'],
    ['empty signal URL = unset', { [TRACES]: '  ', [BASE]: 'http://b:2' }, 'http://b:2/v1/traces'],
  ])('%s', (_name, env, expected) => {
    expect(urlFor(env)).toBe(expected);
    expect(diagnostics.warnings).toEqual([]);
  });

  test('an invalid env URL warns and the next source applies', () => {
    expect(urlFor({ [TRACES]: 'not a url', [BASE]: 'http://b:2' })).toBe('http://b:2/v1/traces');
    expect(urlFor({ [BASE]: 'ftp://b:2' })).toBe('http://localhost:4318/v1/traces');
    expect(diagnostics.warnings).toHaveLength(2);
    expect(diagnostics.warnings[0]).toContain(TRACES);
    expect(diagnostics.warnings[1]).toContain(BASE);
  });

  test('options: url as-is, endpoint as a base, both win over env', () => {
    const env = { [TRACES]: 'http://env:1/x', [BASE]: 'http://env:2' };
    expect(urlFor(env, { url: 'http://code:3' })).toBe('http://code:3/');
    expect(urlFor(env, { endpoint: 'http://code:4/base' })).toBe('http://code:4/base/v1/traces');
  });

  test('invalid url options throw a TracewireError', () => {
    for (const options of [{ url: 'nope' }, { endpoint: 'file:///tmp/x' }, { url: 42 as unknown as string }, { url: 'http://a', endpoint: 'http://b' }]) {
      expect(() => new OtlpTraceExporter({ ...options, env: {} })).toThrow(TracewireError);
    }
    try {
      new OtlpTraceExporter({ url: 'nope', env: {} });
    } catch (error) {
      expect((error as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
      expect((error as Error).message).toContain('"url"');
    }
  });
});

describe('headers', () => {
  const HEADERS = 'OTEL_EXPORTER_OTLP_HEADERS';
  const headersFor = (env: Record<string, string>, headers?: Record<string, string>) => configOf({ env, headers }).headers;

  test('key=value pairs, percent-decoded, OWS trimmed, names lowercased', () => {
    expect(headersFor({ [HEADERS]: ' api-key = secret ,Authorization=Basic%20YWxhZGRpbjpvcGVuc2VzYW1l,k=a=b' })).toEqual({
      'api-key': 'secret',
      authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
      k: 'a=b',
    });
    expect(diagnostics.warnings).toEqual([]);
  });

  test('malformed pairs are skipped with a warning each, the rest kept', () => {
    const headers = headersFor({ [HEADERS]: 'novalue,=x,bad key=1,ok=1,pct=%E0%A4%A,,nl=a%0Ab' });
    expect(headers).toEqual({ ok: '1' });
    expect(diagnostics.warnings).toHaveLength(5);
    expect(diagnostics.warnings.every((warning) => warning.includes(HEADERS))).toBe(true);
  });

  test('the signal-specific variable replaces the general one', () => {
    expect(headersFor({ [HEADERS]: 'a=1,b=2', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'c=3' })).toEqual({ c: '3' });
  });

  test('code headers are merged over env headers; the exporter keeps its own content headers', () => {
    const headers = headersFor({ [HEADERS]: 'authorization=env,x-env=1,content-type=text/plain' }, { Authorization: 'code', 'Content-Length': '1' });
    expect(headers).toEqual({ authorization: 'code', 'x-env': '1' });
  });

  test('invalid code headers throw', () => {
    expect(() => new OtlpTraceExporter({ env: {}, headers: { 'bad name': 'x' } })).toThrow(TracewireError);
    expect(() => new OtlpTraceExporter({ env: {}, headers: { ok: 'line\r\nbreak' } })).toThrow(TracewireError);
    expect(() => new OtlpTraceExporter({ env: {}, headers: { ok: 1 as unknown as string } })).toThrow(TracewireError);
    expect(() => new OtlpTraceExporter({ env: {}, headers: 'a=b' as unknown as Record<string, string> })).toThrow(TracewireError);
  });
});

describe('timeout, compression, protocol', () => {
  test('defaults', () => {
    expect(configOf({ env: {} })).toMatchObject({ timeoutMillis: 10_000, compression: 'none', protocol: 'http/protobuf' });
  });

  test('env: signal-specific over general, case-insensitive enums', () => {
    const env = {
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '500',
      OTEL_EXPORTER_OTLP_TIMEOUT: '700',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'HTTP/JSON',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    };
    expect(configOf({ env })).toMatchObject({ timeoutMillis: 500, compression: 'gzip', protocol: 'http/json' });
    expect(configOf({ env: { OTEL_EXPORTER_OTLP_TIMEOUT: '0' } }).timeoutMillis).toBe(0);
  });

  test('invalid env values warn and are ignored', () => {
    const config = configOf({
      env: {
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'soon',
        OTEL_EXPORTER_OTLP_TIMEOUT: '-1',
        OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'br',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon',
      },
    });
    expect(config).toMatchObject({ timeoutMillis: 10_000, compression: 'gzip', protocol: 'http/protobuf' });
    expect(diagnostics.warnings).toHaveLength(4);
  });

  test('grpc in the env warns and http/protobuf is used', () => {
    expect(configOf({ env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } }).protocol).toBe('http/protobuf');
    expect(diagnostics.warnings).toHaveLength(1);
    expect(diagnostics.warnings[0]).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL.*grpc is not supported/);
  });

  test('options win over env', () => {
    const env = { OTEL_EXPORTER_OTLP_TIMEOUT: '700', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    expect(configOf({ env, timeoutMillis: 0, compression: 'none', protocol: 'http/protobuf' })).toMatchObject({
      timeoutMillis: 0,
      compression: 'none',
      protocol: 'http/protobuf',
    });
  });

  test.each<[string, OtlpTraceExporterOptions]>([
    ['negative timeout', { timeoutMillis: -1 }],
    ['fractional timeout', { timeoutMillis: 1.5 }],
    ['string timeout', { timeoutMillis: '100' as unknown as number }],
    ['unknown compression', { compression: 'brotli' as 'gzip' }],
    ['grpc protocol', { protocol: 'grpc' as 'http/json' }],
    ['unknown protocol', { protocol: 'http/xml' as 'http/json' }],
  ])('invalid option throws: %s', (_name, options) => {
    expect(() => new OtlpTraceExporter({ ...options, env: {} })).toThrow(TracewireError);
  });
});
