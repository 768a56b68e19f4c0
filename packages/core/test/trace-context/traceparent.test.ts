import { formatTraceparent, parseTraceparent } from '../../src/trace-context/traceparent';

// The example ids of W3C Trace Context § Examples of HTTP traceparent Headers.
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
const CANONICAL = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$/;

const remote = (traceFlags: number) => ({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags, isRemote: true });

describe('parseTraceparent — SPEC-NOTES §1.1/§1.2 accepted inputs', () => {
  test.each([
    ['valid version 00, sampled', VALID, 0x01],
    ['valid version 00, not sampled', `00-${TRACE_ID}-${SPAN_ID}-00`, 0x00],
    ['leading SP (tracewire trims)', ` ${VALID}`, 0x01],
    ['trailing SP', `${VALID} `, 0x01],
    ['leading and trailing HTAB', `\t${VALID}\t`, 0x01],
    ['mixed OWS runs at both ends', ` \t \t${VALID}\t \t `, 0x01],
    ['higher version, exactly 55 chars', `cc-${TRACE_ID}-${SPAN_ID}-01`, 0x01],
    ['higher version, flags followed by `-` and unknown fields', `cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future-will-be-like`, 0x01],
    ['higher version, flags followed by a lone `-`', `cc-${TRACE_ID}-${SPAN_ID}-01-`, 0x01],
    ['version fe (highest allowed)', `fe-${TRACE_ID}-${SPAN_ID}-00`, 0x00],
    ['version 01', `01-${TRACE_ID}-${SPAN_ID}-01`, 0x01],
    ['1-element array uses the element', [VALID], 0x01],
  ])('%s', (_name, input, flags) => {
    expect(parseTraceparent(input)).toEqual(remote(flags));
  });
});

describe('parseTraceparent — SPEC-NOTES §1.2 inputs that restart the trace', () => {
  test.each([
    ['absent (undefined)', undefined],
    ['empty string', ''],
    ['whitespace only', ' \t '],
    ['trace-id all zeros', `00-${ZERO_TRACE_ID}-${SPAN_ID}-01`],
    ['parent-id all zeros', `00-${TRACE_ID}-${ZERO_SPAN_ID}-01`],
    ['uppercase version', `0A-${TRACE_ID}-${SPAN_ID}-01`],
    ['uppercase trace-id', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['one uppercase char in trace-id', `00-4BF92f3577b34da6a3ce929d0e0e4736-${SPAN_ID}-01`],
    ['uppercase parent-id', `00-${TRACE_ID}-00F067AA0BA902B7-01`],
    ['uppercase flags', `00-${TRACE_ID}-${SPAN_ID}-0A`],
    ['non-hex version', `0g-${TRACE_ID}-${SPAN_ID}-01`],
    ['non-hex trace-id', `00-4bf92f3577b34da6a3ce929d0e0e473z-${SPAN_ID}-01`],
    ['non-hex parent-id', `00-${TRACE_ID}-00f067aa0ba902bz-01`],
    ['non-hex flags', `00-${TRACE_ID}-${SPAN_ID}-0x`],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version of 1 char', `0-${TRACE_ID}-${SPAN_ID}-01`],
    ['version of 3 chars', `000-${TRACE_ID}-${SPAN_ID}-01`],
    ['version not followed by `-`', `00_${TRACE_ID}-${SPAN_ID}-01`],
    ['trace-id of 31 chars', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['trace-id of 33 chars', `00-a${TRACE_ID}-${SPAN_ID}-01`],
    ['parent-id of 15 chars', `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
    ['parent-id of 17 chars', `00-${TRACE_ID}-a${SPAN_ID}-01`],
    ['flags of 1 char', `00-${TRACE_ID}-${SPAN_ID}-1`],
    ['flags of 3 chars', `00-${TRACE_ID}-${SPAN_ID}-001`],
    ['wrong separator after trace-id', `00-${TRACE_ID}_${SPAN_ID}-01`],
    ['wrong separator after parent-id', `00-${TRACE_ID}-${SPAN_ID}_01`],
    ['space as separator', `00 ${TRACE_ID} ${SPAN_ID} 01`],
    ['version 00 with `-extra` after the flags', `${VALID}-extra`],
    ['version 00 with `.x` after the flags', `${VALID}.x`],
    ['version 00 with a trailing `-`', `${VALID}-`],
    ['higher version shorter than 55 chars', `cc-${TRACE_ID}-${SPAN_ID}-0`],
    ['higher version with `.what` after the flags', `cc-${TRACE_ID}-${SPAN_ID}-01.what`],
    ['higher version, uppercase trace-id (tracewire chooses)', `cc-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['higher version, zero trace-id (tracewire chooses)', `cc-${ZERO_TRACE_ID}-${SPAN_ID}-01`],
    ['higher version, zero parent-id (tracewire chooses)', `cc-${TRACE_ID}-${ZERO_SPAN_ID}-01`],
    ['higher version, uppercase flags', `cc-${TRACE_ID}-${SPAN_ID}-0A-x`],
    ['higher version, trace-id not followed by `-`', `cc-${TRACE_ID}x${SPAN_ID}-01-x`],
    ['header twice as an array', [VALID, VALID]],
    ['header twice joined with `,`', `${VALID},${VALID}`],
    ['header twice joined with `, `', `${VALID}, ${VALID}`],
    ['higher-version header twice joined with `,`', `cc-${TRACE_ID}-${SPAN_ID}-01-x,cc-${TRACE_ID}-${SPAN_ID}-01`],
    ['CR/LF around the value are not OWS', `\r\n${VALID}\r\n`],
    ['number', 42],
    ['null', null],
    ['object', { traceparent: VALID }],
    ['empty array', []],
    ['array holding a non-string', [42]],
    ['huge string', `${VALID}${' x'.repeat(100_000)}`],
  ])('%s', (_name, input) => {
    expect(parseTraceparent(input)).toBeUndefined();
  });
});

describe('trace-flags — SPEC-NOTES §1.3/§1.4: only 0x01 and 0x02 survive', () => {
  test.each([
    ['00', 0x00],
    ['01', 0x01],
    ['02', 0x02],
    ['03', 0x03],
    ['04', 0x00],
    ['05', 0x01],
    ['09', 0x01],
    ['80', 0x00],
    ['fc', 0x00],
    ['ff', 0x03],
  ])('flags %s parse to %i', (flags, expected) => {
    expect(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-${flags}`)?.traceFlags).toBe(expected);
  });

  test.each([
    [0x00, '00'],
    [0x01, '01'],
    [0x02, '02'],
    [0x03, '03'],
    [0x04, '00'],
    [0x05, '01'],
    [0xff, '03'],
  ])('traceFlags %i format as %s', (traceFlags, hex) => {
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags })).toBe(`00-${TRACE_ID}-${SPAN_ID}-${hex}`);
  });
});

describe('formatTraceparent — SPEC-NOTES §1.3/§1.5', () => {
  test('round trip of the W3C example', () => {
    expect(formatTraceparent(parseTraceparent(VALID)!)).toBe(VALID);
  });

  test('a higher version is downgraded to 00 and its unknown fields dropped', () => {
    expect(formatTraceparent(parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-01-extra`)!)).toBe(VALID);
  });

  test.each([
    ['all-zero trace id', { traceId: ZERO_TRACE_ID, spanId: SPAN_ID, traceFlags: 1 }],
    ['all-zero span id', { traceId: TRACE_ID, spanId: ZERO_SPAN_ID, traceFlags: 1 }],
    ['uppercase trace id', { traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID, traceFlags: 1 }],
    ['short trace id', { traceId: TRACE_ID.slice(1), spanId: SPAN_ID, traceFlags: 1 }],
    ['long span id', { traceId: TRACE_ID, spanId: `${SPAN_ID}0`, traceFlags: 1 }],
  ])('%s → undefined', (_name, sc) => {
    expect(formatTraceparent(sc)).toBeUndefined();
  });

  test('never throws on a missing context', () => {
    expect(formatTraceparent(undefined as never)).toBeUndefined();
    expect(formatTraceparent(null as never)).toBeUndefined();
  });
});

// Property tests: a seeded PRNG (mulberry32) keeps failures reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** The §1.1/§1.3 grammar written as a regex straight from the spec text, as an independent oracle. */
function specAccepts(input: string): boolean {
  const match = /^[ \t]*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^,]*)?[ \t]*$/.exec(input);
  if (match === null || match[1] === 'ff') return false;
  if (match[1] === '00' && match[5] !== undefined) return false;
  return match[2] !== ZERO_TRACE_ID && match[3] !== ZERO_SPAN_ID;
}

function mutate(random: () => number, text: string): string {
  const alphabet = '0123456789abcdefABCDEF-_ \t,.xz\r';
  const pick = () => alphabet[Math.floor(random() * alphabet.length)]!;
  const at = Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 6)) {
    case 0: return text.slice(0, at) + pick() + text.slice(at + 1);
    case 1: return text.slice(0, at) + pick() + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + 1);
    case 3: return text.slice(0, at);
    case 4: return `${text.slice(0, at)}-${pick()}${pick()}${text.slice(at)}`;
    default: return text.replace(/0/g, () => (random() < 0.5 ? '0' : pick()));
  }
}

describe('parseTraceparent — properties', () => {
  const seeds = [`00-${TRACE_ID}-${SPAN_ID}-01`, `cc-${TRACE_ID}-${SPAN_ID}-03-future`, ` 01-${TRACE_ID}-${SPAN_ID}-ff\t`];

  test('never throws; accepts exactly what the spec grammar accepts; output is canonical', () => {
    const random = mulberry32(0x5eed);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      let input = seeds[i % seeds.length]!;
      const rounds = 1 + Math.floor(random() * 3);
      for (let r = 0; r < rounds; r++) input = mutate(random, input);
      let parsed: ReturnType<typeof parseTraceparent>;
      expect(() => (parsed = parseTraceparent(input))).not.toThrow();
      expect({ input, accepted: parsed !== undefined }).toEqual({ input, accepted: specAccepts(input) });
      if (parsed === undefined) continue;
      accepted++;
      const formatted = formatTraceparent(parsed)!;
      expect(formatted).toMatch(CANONICAL);
      const again = parseTraceparent(formatted)!;
      expect([again.traceId, again.spanId, again.traceFlags]).toEqual([parsed.traceId, parsed.spanId, parsed.traceFlags]);
      expect(formatTraceparent(again)).toBe(formatted);
    }
    expect(accepted).toBeGreaterThan(100); // the mutations must also exercise the accepting path
  });

  test('never throws on random strings and random values', () => {
    const random = mulberry32(42);
    const alphabet = '0123456789abcdef-ABCDEF ,\t\u00e9\ud83d\ude00';
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(random() * 80);
      let input = '';
      for (let c = 0; c < length; c++) input += alphabet[Math.floor(random() * alphabet.length)];
      expect(() => parseTraceparent(input)).not.toThrow();
      expect(parseTraceparent(input) === undefined).toBe(!specAccepts(input));
    }
    for (const odd of [0, NaN, true, Symbol('x'), () => VALID, new Map(), [[VALID]], new String(VALID)]) {
      expect(parseTraceparent(odd)).toBeUndefined();
    }
  });
});
