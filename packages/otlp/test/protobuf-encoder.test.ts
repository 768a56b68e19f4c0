/**
 * The protobuf encoder against the official generated decoder, on OTLP/JSON models written by
 * hand: values spans cannot carry (nested key/value lists, bytes), int64 and double extremes, and
 * strings around the one-byte length boundary.
 */
import type { OtlpAnyValue, OtlpExportTraceServiceRequest } from '@tracewire/core';
import { encodeTraceRequest } from '@tracewire/otlp';
import { parseDecimal64 } from '../src/protobuf/int64';
import { decodeJson, decodeProtobuf } from '../../../test-support/otlp-receiver';

function request(values: OtlpAnyValue[], name = 'values'): OtlpExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'enc' } }] },
        scopeSpans: [
          {
            scope: { name: 'scope' },
            spans: [
              {
                traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                spanId: '00f067aa0ba902b7',
                flags: 0x101,
                name,
                kind: 3,
                startTimeUnixNano: '9223372036854775807', // beyond 2^53 (protobufjs reads fixed64 JSON strings as signed: stay below 2^63)
                endTimeUnixNano: '1',
                attributes: values.map((value, i) => ({ key: `k${i}`, value })),
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The protobuf bytes and the JSON text of one model, decoded independently, must agree. */
function roundTrip(model: OtlpExportTraceServiceRequest) {
  const fromProtobuf = decodeProtobuf(encodeTraceRequest(model));
  expect(fromProtobuf).toEqual(decodeJson(Buffer.from(JSON.stringify(model))));
  return fromProtobuf.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
}

describe('encodeTraceRequest', () => {
  it('encodes int64 extremes, doubles and their special values exactly', () => {
    const ints = ['0', '1', '-1', '127', '128', '-128', '2147483647', '-2147483648', '4294967296', '9007199254740993', '9223372036854775807', '-9223372036854775808'];
    const doubles: OtlpAnyValue['doubleValue'][] = [0.1, -2.5e-300, 1.7976931348623157e308, 'Infinity', '-Infinity', 'NaN'];
    const span = roundTrip(request([...ints.map((intValue) => ({ intValue })), ...doubles.map((doubleValue) => ({ doubleValue }))]));
    expect(span.attributes.slice(0, ints.length).map((kv) => kv.value!.intValue)).toEqual(ints);
    expect(span.attributes.slice(ints.length).map((kv) => kv.value!.doubleValue)).toEqual([0.1, -2.5e-300, 1.7976931348623157e308, 'Infinity', '-Infinity', 'NaN']);
    expect(span.startTimeUnixNano).toBe('9223372036854775807');
    expect(span.endTimeUnixNano).toBe('1');
  });

  it('encodes nested key/value lists, arrays in arrays, bytes and empty values', () => {
    const nested: OtlpAnyValue = {
      kvlistValue: {
        values: [
          { key: 'inner', value: { arrayValue: { values: [{ arrayValue: { values: [{ boolValue: true }] } }, {}] } } },
          { key: 'blob', value: { bytesValue: Buffer.from([0, 1, 2, 254, 255]).toString('base64') } },
          { key: 'none', value: {} },
        ],
      },
    };
    const span = roundTrip(request([nested, { arrayValue: { values: [] } }, { bytesValue: '' }, { stringValue: '' }]));
    const [kvlist, emptyArray, emptyBytes, emptyString] = span.attributes.map((kv) => kv.value!);
    expect(kvlist!.kvlistValue!.values[1]!.value).toEqual({ bytesValue: Buffer.from([0, 1, 2, 254, 255]).toString('base64') });
    expect(kvlist!.kvlistValue!.values[2]!.value).toEqual({});
    expect(emptyArray).toEqual({ arrayValue: { values: [] } });
    expect(emptyBytes).toEqual({ bytesValue: '' });
    expect(emptyString).toEqual({ stringValue: '' });
  });

  it('encodes strings of every length class and script, including multi-byte lengths', () => {
    const strings = ['', 'a', 'x'.repeat(41), 'x'.repeat(42), 'x'.repeat(127), 'x'.repeat(128), 'ü'.repeat(63), 'ü'.repeat(64), '日本語'.repeat(30), '🚀'.repeat(40), 'y'.repeat(20_000), `${'z'.repeat(2_100_000)}é`];
    const span = roundTrip(request(strings.map((stringValue) => ({ stringValue })), 'é'.repeat(70)));
    expect(span.attributes.map((kv) => kv.value!.stringValue)).toEqual(strings);
    expect(span.name).toBe('é'.repeat(70));
  });

  it('writes each span as its own message and groups spans by resource and scope', () => {
    const model = request([{ stringValue: 'one' }]);
    const second = { ...model.resourceSpans[0]!.scopeSpans[0]!.spans[0]!, spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7' };
    model.resourceSpans[0]!.scopeSpans[0]!.spans.push(second);
    model.resourceSpans[0]!.scopeSpans.push({ scope: { name: 'other', version: '1.0' }, spans: [{ ...second, name: 'in other scope' }] });
    model.resourceSpans.push({ resource: { attributes: [] }, scopeSpans: [] });
    const decoded = decodeProtobuf(encodeTraceRequest(model));
    expect(decoded).toEqual(decodeJson(Buffer.from(JSON.stringify(model))));
    expect(decoded.resourceSpans).toHaveLength(2);
    expect(decoded.resourceSpans[0]!.scopeSpans.map((s) => s.spans.map((span) => [span.spanId, span.parentSpanId]))).toEqual([
      [
        ['00f067aa0ba902b7', ''],
        ['b7ad6b7169203331', '00f067aa0ba902b7'],
      ],
      [['b7ad6b7169203331', '00f067aa0ba902b7']],
    ]);
  });

  it('an empty request is an empty message', () => {
    expect(encodeTraceRequest({ resourceSpans: [] }).length).toBe(0);
  });
});

describe('parseDecimal64 (64-bit halves without BigInt)', () => {
  /** The expected halves, computed with BigInt. */
  function halves(text: string): { lo: number; hi: number } {
    const value = BigInt.asUintN(64, BigInt(text));
    return { lo: Number(value & 0xffffffffn), hi: Number(value >> 32n) };
  }

  it('matches BigInt on boundaries and on pseudo-random values of every length', () => {
    const samples = ['0', '-0', '+5', '999999', '1000000', '4294967295', '4294967296', '-4294967296', '1700000000123456789', '18446744073709551615', '-9223372036854775808'];
    let seed = 12345;
    for (let i = 0; i < 500; i++) {
      // a small LCG: reproducible digits of lengths 1 to 19
      let digits = '';
      const length = 1 + (i % 19);
      for (let d = 0; d < length; d++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        digits += String(seed % 10);
      }
      samples.push(i % 3 === 0 ? `-${digits}` : digits);
    }
    const out = { lo: 0, hi: 0 };
    for (const text of samples) {
      expect(parseDecimal64(text, out)).toBe(true);
      expect({ text, ...out }).toEqual({ text, ...halves(text) });
    }
  });

  it('rejects what is not a decimal integer', () => {
    const out = { lo: 1, hi: 1 };
    for (const text of ['', '-', '1.5', '1e3', ' 1', '0x10', 'abc']) {
      expect(parseDecimal64(text, out)).toBe(false);
      expect(out).toEqual({ lo: 0, hi: 0 });
    }
  });
});
