import {
  toExportTraceServiceRequest,
  toOtlpAnyValue,
  toOtlpKeyValues,
  toOtlpSpan,
} from '../../src/export/otlp-json';
import { SpanKind, SpanStatusCode, type Resource, type TraceStateLike } from '../../src/types';
import { makeChildSpan, makeReadableSpan, testResource } from '../helpers/make-readable-span';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const PARENT_ID = 'b7ad6b7169203331';

/** A minimal TraceStateLike: only `serialize` matters to the mapping. */
function traceState(serialized: string): TraceStateLike {
  return { serialize: () => serialized } as unknown as TraceStateLike;
}

describe('toOtlpAnyValue', () => {
  it.each([
    ['a string', 'GET', { stringValue: 'GET' }],
    ['an empty string', '', { stringValue: '' }],
    ['true', true, { boolValue: true }],
    ['false (kept, not omitted)', false, { boolValue: false }],
    ['a safe integer, as a string', 200, { intValue: '200' }],
    ['a negative integer', -42, { intValue: '-42' }],
    ['zero', 0, { intValue: '0' }],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, { intValue: '9007199254740991' }],
    ['a fraction, as a double', 1.5, { doubleValue: 1.5 }],
    ['an integer beyond 2^53, as a double', 2 ** 60, { doubleValue: 2 ** 60 }],
    ['NaN', Number.NaN, { doubleValue: 'NaN' }],
    ['Infinity', Infinity, { doubleValue: 'Infinity' }],
    ['-Infinity', -Infinity, { doubleValue: '-Infinity' }],
    ['a bigint', 2n ** 62n, { intValue: '4611686018427387904' }],
    ['bytes, as base64', new Uint8Array([1, 2, 255]), { bytesValue: 'AQL/' }],
    ['null, as the empty value', null, {}],
  ])('maps %s', (_label, input, expected) => {
    expect(toOtlpAnyValue(input)).toEqual(expected);
  });

  it('maps arrays element by element, null elements as empty values', () => {
    expect(toOtlpAnyValue(['a', null, 'b'])).toEqual({
      arrayValue: { values: [{ stringValue: 'a' }, {}, { stringValue: 'b' }] },
    });
    expect(toOtlpAnyValue([1, 2.5, -3])).toEqual({
      arrayValue: { values: [{ intValue: '1' }, { doubleValue: 2.5 }, { intValue: '-3' }] },
    });
    expect(toOtlpAnyValue([true, false])).toEqual({ arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } });
    expect(toOtlpAnyValue([])).toEqual({ arrayValue: { values: [] } });
  });

  it('maps plain objects to kvlistValue and survives a cycle', () => {
    expect(toOtlpAnyValue({ a: 1 })).toEqual({ kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } });
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => JSON.stringify(toOtlpAnyValue(cyclic))).not.toThrow();
  });
});

describe('toOtlpKeyValues', () => {
  it('keeps insertion order and skips undefined values', () => {
    expect(toOtlpKeyValues({ 'http.request.method': 'GET', skipped: undefined, 'http.response.status_code': 500 })).toEqual([
      { key: 'http.request.method', value: { stringValue: 'GET' } },
      { key: 'http.response.status_code', value: { intValue: '500' } },
    ]);
    expect(toOtlpKeyValues(undefined)).toEqual([]);
  });
});

describe('toOtlpSpan', () => {
  it('renders nanosecond times as exact decimal strings', () => {
    // The double nearest 1700000000123.456789 ms is 1700000000123.456787109375 ms: whole ms
    // 1700000000123, remainder 456787.109375 ns rounds to 456787 (SPEC-NOTES 7.3, clock.ts).
    const span = makeReadableSpan({ startTime: 1700000000123.456789, endTime: 1700000000123.5 });
    const otlp = toOtlpSpan(span);
    expect(otlp.startTimeUnixNano).toBe('1700000000123456787');
    expect(otlp.endTimeUnixNano).toBe('1700000000123500000');
    // far beyond 2^53, so a float could not have carried these digits
    expect(BigInt(otlp.startTimeUnixNano)).toBe(1700000000123n * 1_000_000n + 456787n);
    expect(BigInt(otlp.startTimeUnixNano) > 2n ** 53n).toBe(true);
  });

  it('omits default-valued fields on a plain root span', () => {
    const span = makeReadableSpan({ traceId: TRACE_ID, spanId: SPAN_ID, name: 'root', startTime: 1000, endTime: 1002 });
    expect(toOtlpSpan(span)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      // W3C sampled | 0x100: a root has no parent, so "parent is not remote" is known
      flags: 0x101,
      name: 'root',
      kind: 1,
      startTimeUnixNano: '1000000000',
      endTimeUnixNano: '1002000000',
    });
    const json = JSON.stringify(toOtlpSpan(span));
    for (const absent of ['parentSpanId', 'traceState', 'attributes', 'events', 'links', 'status', 'dropped']) {
      expect(json).not.toContain(absent);
    }
  });

  it('sets the parent, flags bits, trace state, enums as integers and lowerCamelCase keys', () => {
    const span = makeReadableSpan({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: 0x03,
      spanContext: { traceState: traceState('congo=t61rcWkgMzE') },
      parentSpanId: PARENT_ID,
      parentIsRemote: true,
      kind: SpanKind.SERVER,
      attributes: { 'http.response.status_code': 500 },
      droppedAttributesCount: 2,
      droppedEventsCount: 1,
      droppedLinksCount: 3,
      status: { code: SpanStatusCode.ERROR, message: 'boom' },
    });
    const otlp = toOtlpSpan(span);
    expect(otlp).toMatchObject({
      traceState: 'congo=t61rcWkgMzE',
      parentSpanId: PARENT_ID,
      flags: 0x03 | 0x100 | 0x200,
      kind: 2,
      attributes: [{ key: 'http.response.status_code', value: { intValue: '500' } }],
      droppedAttributesCount: 2,
      droppedEventsCount: 1,
      droppedLinksCount: 3,
      status: { message: 'boom', code: 2 },
    });
    expect(Object.keys(otlp)).toEqual([
      'traceId', 'spanId', 'traceState', 'parentSpanId', 'flags', 'name', 'kind', 'startTimeUnixNano',
      'endTimeUnixNano', 'attributes', 'droppedAttributesCount', 'droppedEventsCount', 'droppedLinksCount', 'status',
    ]);
  });

  it('marks a local parent as known-not-remote and maps OK status and CLIENT kind', () => {
    const parent = makeReadableSpan();
    const otlp = toOtlpSpan(makeChildSpan(parent, { kind: SpanKind.CLIENT, status: { code: SpanStatusCode.OK } }));
    expect(otlp.flags).toBe(0x101);
    expect(otlp.kind).toBe(3);
    expect(otlp.status).toEqual({ code: 1 });
  });

  it('maps events and links', () => {
    const span = makeReadableSpan({
      events: [
        { name: 'exception', time: 1000.5, attributes: { 'exception.type': 'TypeError' }, droppedAttributesCount: 1 },
        { name: 'bare', time: 1001, attributes: {}, droppedAttributesCount: 0 },
      ],
      links: [
        {
          context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, isRemote: true, traceState: traceState('a=b') },
          attributes: { reason: 'retry' },
          droppedAttributesCount: 0,
        },
        { context: { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: 0 }, attributes: {}, droppedAttributesCount: 4 },
      ],
    });
    const otlp = toOtlpSpan(span);
    expect(otlp.events).toEqual([
      {
        timeUnixNano: '1000500000',
        name: 'exception',
        attributes: [{ key: 'exception.type', value: { stringValue: 'TypeError' } }],
        droppedAttributesCount: 1,
      },
      { timeUnixNano: '1001000000', name: 'bare' },
    ]);
    expect(otlp.links).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceState: 'a=b',
        attributes: [{ key: 'reason', value: { stringValue: 'retry' } }],
        flags: 0x301,
      },
      { traceId: TRACE_ID, spanId: PARENT_ID, droppedAttributesCount: 4, flags: 0x100 },
    ]);
  });
});

describe('toExportTraceServiceRequest', () => {
  it('groups spans by resource identity, then by scope name and version, keeping order', () => {
    const other: Resource = { attributes: { 'service.name': 'other' } };
    const spans = [
      makeReadableSpan({ name: 'a', scope: { name: 'http', version: '1' } }),
      makeReadableSpan({ name: 'b', resource: other, scope: { name: 'http', version: '1' } }),
      makeReadableSpan({ name: 'c', scope: { name: 'http', version: '2' } }),
      makeReadableSpan({ name: 'd', scope: { name: 'http', version: '1' } }),
      makeReadableSpan({ name: 'e', scope: { name: 'db' } }),
    ];
    const request = toExportTraceServiceRequest(spans);
    const shape = request.resourceSpans.map((rs) => ({
      service: rs.resource.attributes[0].value.stringValue,
      scopes: rs.scopeSpans.map((ss) => [ss.scope, ss.spans.map((span) => span.name)]),
    }));
    expect(shape).toEqual([
      {
        service: testResource.attributes['service.name'],
        scopes: [
          [{ name: 'http', version: '1' }, ['a', 'd']],
          [{ name: 'http', version: '2' }, ['c']],
          [{ name: 'db' }, ['e']],
        ],
      },
      { service: 'other', scopes: [[{ name: 'http', version: '1' }, ['b']]] },
    ]);
    expect(toExportTraceServiceRequest([])).toEqual({ resourceSpans: [] });
  });
});
