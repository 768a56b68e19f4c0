/**
 * Each preset gives exactly the keys and formats of SPEC-NOTES §10 — nothing more, nothing less —
 * inside a real request served by @tracewire/express; outside one, a line gets none of them.
 * Expected values are derived from the spec by hand (the Datadog decimals were computed once,
 * outside this code base, and are written out as literals).
 */
import { extract, run, setDiagLogger } from '@tracewire/core';
import { traceMixin, type TraceMixinOptions } from '@tracewire/pino';
import { startApp, type RunningApp } from './helpers/adapters';
import { send } from '../../../test-support/http-client';
import { randomTraceparent, traceresponseIds } from '../../../test-support/trace-ids';
import { capturedLogger, withoutPinoKeys } from './helpers/log-lines';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Serves one request with `headers`, logging one line per logger inside it; returns the server span's ids. */
async function logInOneRequest(headers: Record<string, string>, ...options: TraceMixinOptions[]) {
  const loggers = options.map((o) => capturedLogger({ mixin: traceMixin(o) }));
  running = await startApp('express', async () => {
    for (const { log } of loggers) log.info('inside');
  });
  const ids = traceresponseIds((await send(running.port, '/work/0', { headers })).headers.traceresponse);
  for (const { log } of loggers) log.info('outside');
  const lines = loggers.map(({ sink }) => {
    const [inside, outside] = sink.lines();
    // outside a request: the line is exactly what pino alone writes
    expect(outside).toEqual({ level: 30, msg: 'outside' });
    return withoutPinoKeys(inside!);
  });
  return { ids, lines };
}

describe('otel (default) and custom keys', () => {
  test('trace_id, span_id, trace_flags: 32, 16 and 2 lowercase hex', async () => {
    const sent = randomTraceparent();
    const { ids, lines } = await logInOneRequest({ traceparent: sent.traceparent }, {}, { preset: 'otel' });
    for (const line of lines) expect(line).toEqual({ trace_id: sent.traceId, span_id: ids.spanId, trace_flags: '01' });
    expect(ids.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ids.spanId).not.toBe(sent.parentId); // the server span's own id, not the caller's
  });

  test('an unsampled request (flags 00) still gets its ids, with trace_flags "00"', async () => {
    const sent = randomTraceparent('00');
    const { ids, lines } = await logInOneRequest({ traceparent: sent.traceparent }, {});
    expect(lines[0]).toEqual({ trace_id: sent.traceId, span_id: ids.spanId, trace_flags: '00' });
  });

  test('custom key names', async () => {
    const sent = randomTraceparent();
    const { ids, lines } = await logInOneRequest({ traceparent: sent.traceparent }, { keys: { traceId: 'traceId', spanId: 'spanId', traceFlags: 'flags' } });
    expect(lines[0]).toEqual({ traceId: sent.traceId, spanId: ids.spanId, flags: '01' });
  });

  test('request id and selected baggage entries, when asked for', async () => {
    const sent = randomTraceparent();
    const headers = { traceparent: sent.traceparent, 'x-request-id': 'req-42', baggage: 'tenant=acme,secret=s3cr3t,region=eu%20west' };
    const { ids, lines } = await logInOneRequest(
      headers,
      { requestId: true, baggageKeys: ['tenant', 'region', 'absent'] },
      { requestId: 'rid' },
    );
    const base = { trace_id: sent.traceId, span_id: ids.spanId, trace_flags: '01' };
    expect(lines[0]).toEqual({ ...base, request_id: 'req-42', 'baggage.tenant': 'acme', 'baggage.region': 'eu west' });
    expect(lines[1]).toEqual({ ...base, rid: 'req-42' });
  });
});

describe('ecs', () => {
  test('in the entry span: trace.id + transaction.id; in a child span: + span.id', async () => {
    const sent = randomTraceparent();
    const { log, sink } = capturedLogger({ mixin: traceMixin({ preset: 'ecs' }) });
    let childId = '';
    running = await startApp('express', async () => {
      log.info('entry');
      await running!.tracer.startActiveSpan('child', async (span) => {
        childId = span.spanContext().spanId;
        log.info('child');
      });
    });
    const ids = traceresponseIds((await send(running.port, '/work/0', { headers: { traceparent: sent.traceparent } })).headers.traceresponse);
    const [entry, child] = sink.lines().map(withoutPinoKeys);
    expect(entry).toEqual({ trace: { id: sent.traceId }, transaction: { id: ids.spanId } });
    expect(child).toEqual({ trace: { id: sent.traceId }, span: { id: childId }, transaction: { id: ids.spanId } });
    expect(childId).toMatch(/^[0-9a-f]{16}$/);
    expect(childId).not.toBe(ids.spanId);
  });
});

describe('datadog', () => {
  // W3C's example ids; low 64 bits of the trace id a3ce929d0e0e4736 = 11803532876627986230,
  // span id 00f067aa0ba902b7 = 67667974448284343 (unsigned decimal)
  const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const context = extract({ traceparent: TRACEPARENT });

  test('dd.trace_id = low 64 bits as unsigned decimal, dd.span_id decimal (a context whose active span is the remote parent)', () => {
    const { log, sink } = capturedLogger({ mixin: traceMixin({ preset: 'datadog', env: {} }) });
    run(context, () => log.info('inside'));
    expect(withoutPinoKeys(sink.lines()[0]!)).toEqual({ dd: { trace_id: '11803532876627986230', span_id: '67667974448284343' } });
  });

  test('values above 2^63 stay unsigned and exact (no float rounding)', () => {
    // ffffffffffffffff = 18446744073709551615; 8000000000000001 = 9223372036854775809
    const { log, sink } = capturedLogger({ mixin: traceMixin({ preset: 'datadog', env: {} }) });
    run(extract({ traceparent: '00-0123456789abcdefffffffffffffffff-8000000000000001-01' }), () => log.info('inside'));
    expect(withoutPinoKeys(sink.lines()[0]!)).toEqual({ dd: { trace_id: '18446744073709551615', span_id: '9223372036854775809' } });
  });

  test('dd.service / dd.env / dd.version from options or DD_* variables; 32-hex trace id on request', () => {
    const fromOptions = capturedLogger({ mixin: traceMixin({ preset: 'datadog', env: {}, datadog: { service: 'shop', env: 'prod', version: '1.2.3', traceIdFormat: 'hex' } }) });
    const fromEnv = capturedLogger({ mixin: traceMixin({ preset: 'datadog', env: { DD_SERVICE: 'cart', DD_ENV: 'staging', DD_VERSION: '9' } }) });
    run(context, () => {
      fromOptions.log.info('inside');
      fromEnv.log.info('inside');
    });
    expect(withoutPinoKeys(fromOptions.sink.lines()[0]!)).toEqual({
      dd: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '67667974448284343', service: 'shop', env: 'prod', version: '1.2.3' },
    });
    expect(withoutPinoKeys(fromEnv.sink.lines()[0]!)).toEqual({
      dd: { trace_id: '11803532876627986230', span_id: '67667974448284343', service: 'cart', env: 'staging', version: '9' },
    });
  });

  test('inside a real request: the server span\'s ids, in decimal', async () => {
    const sent = randomTraceparent();
    const { ids, lines } = await logInOneRequest({ traceparent: sent.traceparent }, { preset: 'datadog', env: {} });
    // an independent conversion: BigInt of the low 16 hex digits
    const decimal = (hexId: string) => BigInt(`0x${hexId.slice(-16)}`).toString();
    expect(lines[0]).toEqual({ dd: { trace_id: decimal(sent.traceId), span_id: decimal(ids.spanId) } });
    expect((lines[0]!.dd as { trace_id: string }).trace_id).toMatch(/^[0-9]{1,20}$/);
  });
});

describe('gcp', () => {
  test('trace (with the project id), spanId as hex, trace_sampled as a JSON boolean', async () => {
    const sampled = randomTraceparent('01');
    const unsampled = randomTraceparent('00');
    const a = await logInOneRequest({ traceparent: sampled.traceparent }, { preset: 'gcp', gcpProjectId: 'my-project', env: {} });
    await running!.close();
    running = undefined;
    const b = await logInOneRequest({ traceparent: unsampled.traceparent }, { preset: 'gcp', env: { GOOGLE_CLOUD_PROJECT: 'env-project' } });
    expect(a.lines[0]).toEqual({
      'logging.googleapis.com/trace': `projects/my-project/traces/${sampled.traceId}`,
      'logging.googleapis.com/spanId': a.ids.spanId,
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(b.lines[0]).toEqual({
      'logging.googleapis.com/trace': `projects/env-project/traces/${unsampled.traceId}`,
      'logging.googleapis.com/spanId': b.ids.spanId,
      'logging.googleapis.com/trace_sampled': false,
    });
  });

  test('without a project id the trace field is left out, with one warning', () => {
    const warnings: string[] = [];
    setDiagLogger({ warn: (message) => warnings.push(message), error: () => {} });
    try {
      const { log, sink } = capturedLogger({ mixin: traceMixin({ preset: 'gcp', env: {} }) });
      traceMixin({ preset: 'gcp', env: {} });
      run(extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }), () => log.info('inside'));
      expect(withoutPinoKeys(sink.lines()[0]!)).toEqual({
        'logging.googleapis.com/spanId': '00f067aa0ba902b7',
        'logging.googleapis.com/trace_sampled': true,
      });
      expect(warnings.filter((w) => w.includes('gcp'))).toHaveLength(1);
    } finally {
      setDiagLogger(null);
    }
  });
});
