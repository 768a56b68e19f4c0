import { run, withBaggage, withRequestId, withSpan } from '../../src/context/store';
import { Baggage } from '../../src/baggage/baggage';
import { setDiagLogger } from '../../src/diag';
import { createLogFields, hexToDecimal64, type LogFieldsOptions } from '../../src/logs/log-fields';
import { NonRecordingSpan } from '../../src/trace/non-recording-span';
import type { TraceContext } from '../../src/types';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROOT_ID = '00f067aa0ba902b7';
const CHILD_ID = 'b7ad6b7169203331';

/** A context whose active span is the local root (the SERVER span), or a child of it. */
function context(flags: number, child = false): TraceContext {
  const spanId = child ? CHILD_ID : ROOT_ID;
  return withSpan(undefined, new NonRecordingSpan({ traceId: TRACE_ID, spanId, traceFlags: flags }, ROOT_ID));
}

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  setDiagLogger({ warn: (m) => warnings.push(m), error: (m) => warnings.push(m) });
});
afterAll(() => setDiagLogger(null));

describe('createLogFields presets (SPEC-NOTES §10)', () => {
  test('otel (default): trace_id, span_id, trace_flags as 2 lowercase hex; unsampled too', () => {
    const fields = createLogFields();
    expect(fields(context(0x01))).toEqual({ trace_id: TRACE_ID, span_id: ROOT_ID, trace_flags: '01' });
    expect(fields(context(0x00))).toEqual({ trace_id: TRACE_ID, span_id: ROOT_ID, trace_flags: '00' });
    expect(fields(context(0x03))!.trace_flags).toBe('03');
  });

  test('custom key names', () => {
    const fields = createLogFields({ keys: { traceId: 'traceId', spanId: 'spanId', traceFlags: 'flags' } });
    expect(fields(context(1))).toEqual({ traceId: TRACE_ID, spanId: ROOT_ID, flags: '01' });
  });

  test('ecs: nested objects; span.id only inside a child span (Elastic APM rule)', () => {
    const fields = createLogFields({ preset: 'ecs' });
    expect(fields(context(1))).toEqual({ trace: { id: TRACE_ID }, transaction: { id: ROOT_ID } });
    expect(fields(context(1, true))).toEqual({ trace: { id: TRACE_ID }, span: { id: CHILD_ID }, transaction: { id: ROOT_ID } });
  });

  test('datadog: unsigned 64-bit decimals of the low trace-id half and the span id, nested under dd', () => {
    const fields = createLogFields({ preset: 'datadog', env: {} });
    // 0xa3ce929d0e0e4736 and 0x00f067aa0ba902b7, converted by hand
    expect(fields(context(1))).toEqual({ dd: { trace_id: '11803532876627986230', span_id: '67667974448284343' } });
    expect(hexToDecimal64('ffffffffffffffff')).toBe('18446744073709551615');
  });

  test('datadog: service/env/version from options or DD_* env; 32-hex trace id opt-in', () => {
    const fromEnv = createLogFields({ preset: 'datadog', env: { DD_SERVICE: 'shop', DD_ENV: 'prod', DD_VERSION: '1.2.3' } });
    expect(fromEnv(context(1))).toEqual({ dd: { trace_id: '11803532876627986230', span_id: '67667974448284343', service: 'shop', env: 'prod', version: '1.2.3' } });
    const hex = createLogFields({ preset: 'datadog', env: {}, datadog: { traceIdFormat: 'hex', service: 'api' } });
    expect(hex(context(1))).toEqual({ dd: { trace_id: TRACE_ID, span_id: '67667974448284343', service: 'api' } });
  });

  test('gcp: project-qualified trace, spanId, trace_sampled as a JSON boolean', () => {
    const fields = createLogFields({ preset: 'gcp', gcpProjectId: 'my-project', env: {} });
    expect(fields(context(1))).toEqual({
      'logging.googleapis.com/trace': `projects/my-project/traces/${TRACE_ID}`,
      'logging.googleapis.com/spanId': ROOT_ID,
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(fields(context(0))!['logging.googleapis.com/trace_sampled']).toBe(false);
    expect(createLogFields({ preset: 'gcp', env: { GOOGLE_CLOUD_PROJECT: 'from-env' } })(context(1))!['logging.googleapis.com/trace']).toBe(
      `projects/from-env/traces/${TRACE_ID}`,
    );
  });

  test('gcp without a project id leaves the trace field out and warns once', () => {
    const fields = createLogFields({ preset: 'gcp', env: {} });
    expect(fields(context(1))).toEqual({ 'logging.googleapis.com/spanId': ROOT_ID, 'logging.googleapis.com/trace_sampled': true });
    createLogFields({ preset: 'gcp', env: {} });
    expect(warnings.filter((w) => w.includes('gcp'))).toHaveLength(1);
  });

  test('request id and selected baggage keys are opt-in', () => {
    const ctx = withRequestId(withBaggage(context(1), Baggage.parse('tenant=acme,userId=alice,secret=x')), 'req-7');
    expect(createLogFields()(ctx)).toEqual({ trace_id: TRACE_ID, span_id: ROOT_ID, trace_flags: '01' });
    expect(createLogFields({ requestId: true, baggageKeys: ['tenant', 'missing'] })(ctx)).toEqual({
      trace_id: TRACE_ID, span_id: ROOT_ID, trace_flags: '01', request_id: 'req-7', 'baggage.tenant': 'acme',
    });
    expect(createLogFields({ requestId: 'req' })(ctx)!.req).toBe('req-7');
  });

  test('nothing outside a trace; the active context by default', () => {
    const fields = createLogFields();
    expect(fields()).toBeUndefined();
    expect(fields({})).toBeUndefined();
    run(context(1), () => expect(fields()!.trace_id).toBe(TRACE_ID));
  });

  test('one frozen object per context, reused for every line in it', () => {
    const fields = createLogFields();
    const ctx = context(1);
    const first = fields(ctx)!;
    expect(fields(ctx)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(fields(context(1))).not.toBe(first);
  });

  test.each<[LogFieldsOptions]>([
    [{ preset: 'splunk' as never }],
    [{ keys: { traceId: '' } }],
    [{ baggageKeys: 'tenant' as never }],
    [{ preset: 'datadog', datadog: { traceIdFormat: 'base64' as never } }],
    [{ requestId: '' }],
  ])('bad option %j throws TW_ERR_INVALID_OPTION', (options) => {
    expect(() => createLogFields(options)).toThrow(expect.objectContaining({ code: 'TW_ERR_INVALID_OPTION' }));
  });
});

describe('createLogFields edge cases', () => {
  test('null means "no context" even inside a trace; undefined means the active one', () => {
    const fields = createLogFields();
    run(context(1), () => {
      expect(fields(null)).toBeUndefined();
      expect(fields(undefined)!.trace_id).toBe(TRACE_ID);
    });
  });

  test('a span context with invalid (all-zero) ids yields no fields (SPEC-NOTES §10)', () => {
    const zero = withSpan(undefined, new NonRecordingSpan({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }));
    const fields = createLogFields();
    expect(fields(zero)).toBeUndefined();
    expect(fields(zero)).toBeUndefined(); // cached as "none"
  });

  test('nested preset objects are frozen too: no line can change what the next one gets', () => {
    const ecs = createLogFields({ preset: 'ecs' })(context(1, true))!;
    expect(Object.isFrozen(ecs.trace)).toBe(true);
    const dd = createLogFields({ preset: 'datadog', env: {} })(context(1))!;
    expect(Object.isFrozen(dd.dd)).toBe(true);
  });
});
