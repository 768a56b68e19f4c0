/**
 * Response handling and retries against a real receiver (SPEC-NOTES 7.5): what is retried, how
 * long the exporter waits, and that one deadline bounds it all. Waits use the real policy
 * (backoff from 1 s), so timeouts here are generous; lower bounds on elapsed time only show
 * that a wait happened, never how fast anything is.
 */
import { gzipSync } from 'node:zlib';
import { ExportResultCode, type ReadableSpan } from '@tracewire/core';
import { OtlpTraceExporter, type OtlpTraceExporterOptions } from '@tracewire/otlp';
import { captureDiagnostics, type CapturedDiagnostics } from '../../core/test/helpers/capture-diagnostics';
import { makeSpans } from '../../core/test/helpers/make-readable-span';
import { startOtlpReceiver, type OtlpReceiver } from '../../../test-support/otlp-receiver';
import { closedPort } from '../../../test-support/servers';
import { sleep } from '../../../test-support/timing';

let receiver: OtlpReceiver;
let diagnostics: CapturedDiagnostics;
const exporters: OtlpTraceExporter[] = [];

beforeEach(async () => {
  diagnostics = captureDiagnostics();
  receiver = await startOtlpReceiver();
});

afterEach(async () => {
  await Promise.all(exporters.splice(0).map((exporter) => exporter.shutdown()));
  await receiver.close();
});

function exporterFor(options: OtlpTraceExporterOptions = {}): OtlpTraceExporter {
  const exporter = new OtlpTraceExporter({ url: receiver.tracesUrl, env: {}, ...options });
  exporters.push(exporter);
  return exporter;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

const names = (spans: readonly ReadableSpan[]) => spans.map((span) => span.name);

describe('retries', () => {
  it('503 then 200: retried after a backoff, nothing lost', async () => {
    receiver.reply({ status: 503 });
    const exporter = exporterFor();
    const spans = makeSpans(3);
    const { value: result, ms } = await timed(exporter.export(spans));
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    expect(receiver.hits).toBe(2);
    // both attempts carried the whole batch
    expect(receiver.requests.map((request) => request.spans.map((span) => span.name))).toEqual([names(spans), names(spans)]);
    expect(ms).toBeGreaterThanOrEqual(800); // backoff 1 s − 20 % jitter
    expect(exporter.stats()).toMatchObject({ requests: 2, retries: 1 });
  }, 20_000);

  it('429, 502 and 504 are retried too; Retry-After: 0 retries at once', async () => {
    receiver.reply(...[429, 502, 504].map((status) => ({ status, headers: { 'retry-after': '0' } })));
    const exporter = exporterFor();
    const { value: result, ms } = await timed(exporter.export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.hits).toBe(4);
    expect(ms).toBeLessThan(800 * 3); // no 1 s + 1.5 s + 2.25 s backoff happened
  }, 20_000);

  it('a connection closed without a response is retried', async () => {
    receiver.reply('destroy');
    const result = await exporterFor().export(makeSpans(2));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.hits).toBe(2);
    expect(receiver.requests).toHaveLength(2);
  }, 20_000);

  it('gives up after 5 retries', async () => {
    receiver.reply(...Array.from({ length: 7 }, () => ({ status: 503, headers: { 'retry-after': '0' } })));
    const exporter = exporterFor();
    const result = await exporter.export(makeSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/HTTP 503.*gave up after 6 attempts/);
    expect(receiver.hits).toBe(6);
    expect(exporter.stats()).toMatchObject({ requests: 6, retries: 5 });
  }, 20_000);

  it.each([400, 401, 403, 404, 413, 500, 501])('HTTP %i is not retried: FAILED, with the server message', async (status) => {
    receiver.reply({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 3, message: 'span 7 has no name' }) });
    const result = await exporterFor().export(makeSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain(`HTTP ${status} (span 7 has no name)`);
    await sleep(100);
    expect(receiver.hits).toBe(1);
  });
});

describe('Retry-After and the deadline', () => {
  it('honours Retry-After in seconds', async () => {
    receiver.reply({ status: 503, headers: { 'retry-after': '2' } });
    const { value: result, ms } = await timed(exporterFor().export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(ms).toBeGreaterThanOrEqual(1900); // longer than any first backoff (≤ 1.2 s)
  }, 20_000);

  it('honours Retry-After as an HTTP-date', async () => {
    const at = new Date(Date.now() + 3000); // HTTP-dates have whole seconds: at least 2 s from now
    receiver.reply({ status: 429, headers: { 'retry-after': at.toUTCString() } });
    const { value: result, ms } = await timed(exporterFor().export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(ms).toBeGreaterThanOrEqual(1500);
  }, 20_000);

  it('a Retry-After past the deadline gives up at once', async () => {
    receiver.reply({ status: 503, headers: { 'retry-after': '60' } });
    const { value: result, ms } = await timed(exporterFor({ timeoutMillis: 5000 }).export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/HTTP 503.*not retried.*deadline/);
    expect(ms).toBeLessThan(4000); // it did not sit out the deadline
    expect(receiver.hits).toBe(1);
  }, 20_000);

  it('a backoff that would end past the deadline is not waited for', async () => {
    receiver.reply({ status: 503 });
    const { value: result } = await timed(exporterFor({ timeoutMillis: 600 }).export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/not retried/);
    expect(receiver.hits).toBe(1);
  });

  it('a receiver that never answers: FAILED at the deadline', async () => {
    receiver.reply('hang');
    const { value: result, ms } = await timed(exporterFor({ timeoutMillis: 800 }).export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('timed out after 800 ms');
    expect(ms).toBeGreaterThanOrEqual(700);
  }, 20_000);

  it('connection refused: retried within the deadline, then FAILED', async () => {
    const exporter = new OtlpTraceExporter({ url: `http://127.0.0.1:${await closedPort()}/v1/traces`, env: {}, timeoutMillis: 3000 });
    exporters.push(exporter);
    const { value: result } = await timed(exporter.export(makeSpans(1)));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('ECONNREFUSED');
    expect(exporter.stats().requests).toBeGreaterThanOrEqual(2); // 0 + ~1 s (+ ~1.5 s) fit in 3 s
  }, 20_000);
});

describe('successful responses', () => {
  it.each(['http/protobuf', 'http/json'] as const)('partial success (%s) is success, reported once per episode', async (protocol) => {
    receiver.reply(
      { partialSuccess: { rejectedSpans: 2, errorMessage: 'attribute value too long' } },
      { partialSuccess: { rejectedSpans: 1, errorMessage: 'again' } },
      { status: 200 }, // the episode ends
      { partialSuccess: { rejectedSpans: 3 } },
    );
    const exporter = exporterFor({ protocol });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await exporter.export(makeSpans(3)));
    expect(results.map((result) => result.code)).toEqual(Array(4).fill(ExportResultCode.SUCCESS));
    expect(receiver.hits).toBe(4); // never retried
    expect(exporter.stats().rejectedSpans).toBe(6);
    const messages = diagnostics.reported.map((entry) => String((entry.error as Error).message));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/rejected 2 span\(s\): attribute value too long/);
    expect(messages[1]).toMatch(/rejected 3 span\(s\)$/);
  });

  it('a partial success with a message and nothing rejected is a warning', async () => {
    receiver.reply({ partialSuccess: { rejectedSpans: 0, errorMessage: 'deprecated attribute used' } });
    const result = await exporterFor().export(makeSpans(1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(diagnostics.reported).toEqual([]);
    expect(diagnostics.warnings.some((warning) => warning.includes('deprecated attribute used'))).toBe(true);
  });

  it('reads a gzip-compressed response body', async () => {
    const body = gzipSync(JSON.stringify({ partialSuccess: { rejectedSpans: '4', errorMessage: 'zipped' } }));
    receiver.reply({ status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
    const exporter = exporterFor();
    expect((await exporter.export(makeSpans(4))).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats().rejectedSpans).toBe(4);
  });

  it('a 200 whose body cannot be decoded is success', async () => {
    receiver.reply({ status: 200, headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from([0xff, 0xff, 0xff]) });
    expect((await exporterFor().export(makeSpans(1))).code).toBe(ExportResultCode.SUCCESS);
    expect(diagnostics.reported).toEqual([]);
  });

  it('a response body over 4 MiB is a non-retryable failure', async () => {
    receiver.reply({ status: 200, body: Buffer.alloc(4 * 1024 * 1024 + 1, 0x41) });
    const result = await exporterFor().export(makeSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('4 MiB');
    await sleep(100);
    expect(receiver.hits).toBe(1);
  });

  it('keeps the connection alive between exports', async () => {
    const exporter = exporterFor();
    await exporter.export(makeSpans(1));
    await exporter.export(makeSpans(1));
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.remotePort).toBe(receiver.requests[0]!.remotePort);
  });
});

describe('limits and lifecycle', () => {
  it('an empty batch sends nothing', async () => {
    expect((await exporterFor().export([])).code).toBe(ExportResultCode.SUCCESS);
    await sleep(50);
    expect(receiver.hits).toBe(0);
  });

  it('a request over 64 MiB is not sent, and the drop is counted', async () => {
    const exporter = exporterFor();
    const [span] = makeSpans(1, { attributes: { huge: 'x'.repeat(64 * 1024 * 1024) } });
    const result = await exporter.export([span!]);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('64 MiB');
    expect(exporter.stats().oversizeSpans).toBe(1);
    expect(receiver.hits).toBe(0);
  }, 30_000);

  it('shutdown aborts an export in flight; exports after it fail at once', async () => {
    receiver.reply('hang');
    const exporter = exporterFor({ timeoutMillis: 0 }); // no deadline: only shutdown can end it
    const inFlight = exporter.export(makeSpans(1));
    await receiver.waitForHits(1);
    await exporter.shutdown();
    const result = await inFlight;
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('shut down');
    const after = await exporter.export(makeSpans(1));
    expect(after.code).toBe(ExportResultCode.FAILED);
    expect(receiver.hits).toBe(1);
    await exporter.shutdown(); // idempotent
  });
});
