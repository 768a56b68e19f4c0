import { Baggage } from '../../src/baggage/baggage';
import type { BaggageEntry } from '../../src/types';

const values = (baggage: Baggage) => baggage.getAll().map(([key, entry]) => [key, entry.value]);
const numbered = (count: number) => Array.from({ length: count }, (_, i) => `k${i}=${i}`);

describe('Baggage.parse — SPEC-NOTES §3.1 grammar', () => {
  test.each<[string, unknown, Array<[string, string]>]>([
    ['two members', 'key1=value1,key2=value2', [['key1', 'value1'], ['key2', 'value2']]],
    ['OWS around `,` and `=`', ' key1 \t= value1 ,\tkey2= value2\t', [['key1', 'value1'], ['key2', 'value2']]],
    ['`=` inside a value: split on the first `=`', 'key=a=b=c', [['key', 'a=b=c']]],
    ['empty value', 'key=', [['key', '']]],
    ['empty value with OWS', 'key = \t', [['key', '']]],
    ['every tchar in a key', "!#$%&'*+-.^_`|~09AZaz=1", [["!#$%&'*+-.^_`|~09AZaz", '1']]],
    ['keys are case-sensitive', 'Key=1,key=2', [['Key', '1'], ['key', '2']]],
    ['several headers form one list', ['a=1', 'b=2,c=3'], [['a', '1'], ['b', '2'], ['c', '3']]],
    ['value of every baggage-octet class', 'k=!#+-:<[]~', [['k', '!#+-:<[]~']]],
    ['empty header', '', []],
    ['no header', undefined, []],
    ['a number', 42, []],
    ['non-string fields are skipped', ['a=1', 42, null, 'b=2'], [['a', '1'], ['b', '2']]],
  ])('%s', (_name, input, expected) => {
    expect(values(Baggage.parse(input))).toEqual(expected);
  });

  test.each([
    ['member without `=`', 'a=1,bare,b=2'],
    ['empty key', 'a=1,=v,b=2'],
    ['space inside the key', 'a=1,my key=v,b=2'],
    ['`@` in the key', 'a=1,k@x=v,b=2'],
    ['`/` in the key', 'a=1,k/x=v,b=2'],
    ['`:` in the key', 'a=1,k:x=v,b=2'],
    ['`(` in the key', 'a=1,(k)=v,b=2'],
    ['space inside the value', 'a=1,k=x y,b=2'],
    ['`"` in the value', 'a=1,k="x",b=2'],
    ['`\\` in the value', 'a=1,k=x\\y,b=2'],
    ['HTAB inside the value', 'a=1,k=x\ty,b=2'],
    ['non-ASCII in the value', 'a=1,k=caf\u00e9,b=2'],
    ['control char in the value', 'a=1,k=x\u0001,b=2'],
    ['empty member', 'a=1,,b=2'],
    ['whitespace-only member', 'a=1, \t ,b=2'],
    ['malformed property', 'a=1,k=v;bad prop,b=2'],
    ['property with an invalid value', 'a=1,k=v;p=x y,b=2'],
    ['property with an empty key', 'a=1,k=v;=x,b=2'],
  ])('%s: only that member is dropped', (_name, input) => {
    expect(values(Baggage.parse(input))).toEqual([['a', '1'], ['b', '2']]);
  });
});

describe('properties — SPEC-NOTES §3.1/§3.4', () => {
  test('the W3C example: properties kept as one opaque metadata string', () => {
    const baggage = Baggage.parse('key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue');
    expect(baggage.getAll()).toEqual([
      ['key1', { value: 'value1', metadata: 'property1;property2' }],
      ['key2', { value: 'value2' }],
      ['key3', { value: 'value3', metadata: 'propertyKey=propertyValue' }],
    ]);
  });

  test.each([
    ['OWS around `;` and `=` is removed', 'k=v \t; p1 = x ;p2\t', 'p1=x;p2'],
    ['`=` inside a property value', 'k=v;p=a=b', 'p=a=b'],
    ['empty property value', 'k=v;p=', 'p='],
    ['property values are not percent-decoded', 'k=v;p=%41', 'p=%41'],
    ['empty property segments are skipped (tracewire chooses)', 'k=v;;p;', 'p'],
  ])('%s', (_name, input, metadata) => {
    expect(Baggage.parse(input).get('k')).toEqual({ value: 'v', metadata });
  });

  test('only empty property segments → no metadata', () => {
    expect(Baggage.parse('k=v;').get('k')).toEqual({ value: 'v' });
  });

  test('metadata is re-appended on serialise', () => {
    expect(Baggage.parse('k = v ; p = 1 ; flag').serialize()).toBe('k=v;p=1;flag');
  });
});

describe('percent-encoding — SPEC-NOTES §3.2', () => {
  test.each([
    ['%C3%A9', '\u00e9'],
    ['%c3%a9', '\u00e9'],
    ['%F0%9F%98%80', '\u{1F600}'],
    ['%25', '%'],
    ['%2C%3B%20%22%5C', ',; "\\'],
    ['%FF', '\uFFFD'],
    ['a%FFb', 'a\uFFFDb'],
    ['%C3', '\uFFFD'],
    ['%C3%28', '\uFFFD('],
    ['%ED%A0%80', '\uFFFD\uFFFD\uFFFD'],
    ['%EF%BB%BFx', '\uFEFFx'],
    ['100%', '100%'],
    ['%zz', '%zz'],
    ['%4', '%4'],
  ])('value %s decodes to %j', (wire, decoded) => {
    expect(Baggage.parse(`a=1,k=${wire},b=2`).getAll()).toEqual([
      ['a', { value: '1' }],
      ['k', { value: decoded }],
      ['b', { value: '2' }],
    ]);
  });

  test.each([
    ['\u00e9', '%C3%A9'],
    ['\u{1F600}', '%F0%9F%98%80'],
    ['%', '%25'],
    ['50% off', '50%25%20off'],
    [' ', '%20'],
    [',', '%2C'],
    [';', '%3B'],
    ['"', '%22'],
    ['\\', '%5C'],
    ['\t\n', '%09%0A'],
    ['\u007f', '%7F'],
    ['a=b', 'a=b'],
    ["!#$&'()*+-./:<>?@[]^_`{|}~", "!#$&'()*+-./:<>?@[]^_`{|}~"],
    ['\ud800', '%EF%BF%BD'],
  ])('value %j is sent as %s', (value, wire) => {
    expect(Baggage.empty().set('k', value).serialize()).toBe(`k=${wire}`);
  });

  test.each([['\u00e9'], ['\u{1F600}'], ['%'], ['%FF'], ['caf\u00e9 \u2603 100% \u{1F680}'], ['']])('round trip of %j', (value) => {
    expect(Baggage.parse(Baggage.empty().set('k', value).serialize()).get('k')).toEqual({ value });
  });
});

describe('duplicates and mutation — SPEC-NOTES §3.4', () => {
  test('the last occurrence wins, at its own position', () => {
    const baggage = Baggage.parse('a=1,b=2,a=3');
    expect(baggage.get('a')).toEqual({ value: '3' });
    expect(values(baggage)).toEqual([['b', '2'], ['a', '3']]);
    expect(baggage.size).toBe(2);
    expect(baggage.serialize()).toBe('b=2,a=3');
  });

  test('set updates an existing key in place and drops its duplicates', () => {
    expect(Baggage.parse('a=1,b=2').set('a', '9').serialize()).toBe('a=9,b=2');
    expect(Baggage.parse('a=1,b=2,a=3,c=4').set('a', 'x').serialize()).toBe('b=2,a=x,c=4');
  });

  test('set appends a new key', () => {
    expect(Baggage.parse('a=1').set('b', '2', 'p=1;q').serialize()).toBe('a=1,b=2;p=1;q');
  });

  test('set normalises metadata like received properties', () => {
    expect(Baggage.empty().set('k', 'v', ' p = 1 ; q ').get('k')).toEqual({ value: 'v', metadata: 'p=1;q' });
    expect(Baggage.empty().set('k', 'v', '').get('k')).toEqual({ value: 'v' });
  });

  test.each<[string, unknown, unknown, unknown]>([
    ['invalid key', 'my key', 'v', undefined],
    ['empty key', '', 'v', undefined],
    ['non-string key', 1, 'v', undefined],
    ['non-string value', 'k', 1, undefined],
    ['metadata with `,`', 'k', 'v', 'p,q'],
    ['metadata with a non-ASCII value', 'k', 'v', 'p=\u00e9'],
    ['non-string metadata', 'k', 'v', 42],
  ])('invalid set is ignored: %s', (_name, key, value, metadata) => {
    const baggage = Baggage.parse('a=1');
    expect(baggage.set(key as string, value as string, metadata as string)).toBe(baggage);
  });

  test('delete removes every occurrence; deleting a missing key returns the same baggage', () => {
    const baggage = Baggage.parse('a=1,b=2,a=3');
    expect(baggage.delete('a').serialize()).toBe('b=2');
    expect(baggage.delete('zz')).toBe(baggage);
    expect(Baggage.parse('a=1').delete('a')).toBe(Baggage.empty());
  });

  test('mutations leave the original unchanged; entries are frozen', () => {
    const baggage = Baggage.parse('a=1');
    baggage.set('b', '2');
    baggage.delete('a');
    expect(baggage.serialize()).toBe('a=1');
    expect(Object.isFrozen(baggage.get('a'))).toBe(true);
    expect(Object.isFrozen(baggage.getAll())).toBe(true);
  });

  test('get of a missing key is undefined; empty baggage serialises to ""', () => {
    expect(Baggage.parse('a=1').get('b')).toBeUndefined();
    expect(Baggage.empty().serialize()).toBe('');
    expect(Baggage.empty().size).toBe(0);
  });
});

describe('limits — SPEC-NOTES §3.3', () => {
  test('64 members are all sent', () => {
    expect(Baggage.parse(numbered(64).join(',')).serialize()).toBe(numbered(64).join(','));
  });

  test('65 members → the last one is dropped', () => {
    expect(Baggage.parse(numbered(65).join(',')).serialize()).toBe(numbered(64).join(','));
  });

  test('exactly 8192 bytes are sent', () => {
    const wire = `a=${'x'.repeat(4000)},b=${'y'.repeat(4187)}`;
    expect(wire.length).toBe(8192);
    expect(Baggage.parse(wire).serialize()).toBe(wire);
  });

  test('8193 bytes → the last member is dropped', () => {
    const first = `a=${'x'.repeat(4000)}`;
    const baggage = Baggage.empty().set('a', 'x'.repeat(4000)).set('b', 'y'.repeat(4188));
    expect(`${first},b=${'y'.repeat(4188)}`.length).toBe(8193);
    expect(baggage.serialize()).toBe(first);
    expect(baggage.size).toBe(2);
  });

  test('size is counted in UTF-8 bytes of the encoded form', () => {
    // `é` travels as `%C3%A9`: 6 bytes, so 1365 of them take 8190 bytes and `a=` makes 8192.
    expect(Baggage.empty().set('a', '\u00e9'.repeat(1365)).serialize().length).toBe(8192);
    expect(Baggage.empty().set('a', '\u00e9'.repeat(1365)).set('b', '').serialize()).toBe(`a=${'%C3%A9'.repeat(1365)}`);
  });

  test('members are dropped from the end, never partially', () => {
    const baggage = Baggage.empty().set('a', 'x'.repeat(8000)).set('b', 'y'.repeat(500)).set('c', '1');
    expect(baggage.serialize()).toBe(`a=${'x'.repeat(8000)}`);
  });

  test('input: 180 members are accepted, the 181st is dropped', () => {
    expect(Baggage.parse(numbered(180).join(',')).size).toBe(180);
    const baggage = Baggage.parse(numbered(181).join(','));
    expect(baggage.size).toBe(180);
    expect(baggage.get('k179')).toEqual({ value: '179' });
    expect(baggage.get('k180')).toBeUndefined();
  });

  test('input: 8192 bytes accepted, a member ending past 8192 bytes is dropped (with all after it)', () => {
    expect(Baggage.parse(`a=${'x'.repeat(4000)},b=${'y'.repeat(4187)}`).size).toBe(2);
    expect(values(Baggage.parse([`a=${'x'.repeat(4000)}`, `b=${'y'.repeat(4188)}`, 'c=1']))).toEqual([['a', 'x'.repeat(4000)]]);
  });

  test('input limits count only well-formed members (malformed ones are dropped, not counted)', () => {
    expect(Baggage.parse([...numbered(180), 'bad member'].reverse().join(',')).size).toBe(180);
  });
});

// Property tests: a seeded PRNG (mulberry32) keeps failures reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

describe('Baggage — properties', () => {
  const tchars = "abcXYZ019!#$%&'*+-.^_`|~";
  const valueChars = ['a', 'Z', '0', '%', '=', ',', ';', ' ', '\t', '"', '\\', '\u00e9', '\u00fc', '\u20ac', '\u{1F600}', '\u{1F680}', '\u4e2d', '\n', '~'];
  const draw = (random: () => number, chars: readonly string[], max: number, min = 0) => {
    let out = '';
    const length = min + Math.floor(random() * (max - min + 1));
    for (let i = 0; i < length; i++) out += chars[Math.floor(random() * chars.length)];
    return out;
  };

  test('parse(serialize(b)) has the same entries as b for random keys and values', () => {
    const random = mulberry32(99);
    for (let i = 0; i < 5000; i++) {
      let baggage = Baggage.empty();
      const count = Math.floor(random() * 6);
      for (let m = 0; m < count; m++) {
        const metadata = random() < 0.3 ? `${draw(random, [...tchars], 5, 1)}=${draw(random, ['x', '%', '='], 3)}` : undefined;
        baggage = baggage.set(draw(random, [...tchars], 8, 1), draw(random, valueChars, 10), metadata);
      }
      const wire = baggage.serialize();
      expect(wire).toMatch(/^[\x21-\x7e]*$/);
      const entries: Array<readonly [string, BaggageEntry]> = [...baggage.getAll()];
      expect(Baggage.parse(wire).getAll()).toEqual(entries);
    }
  });

  test('parse never throws; serialize is a fixed point of parse∘serialize', () => {
    const random = mulberry32(1234);
    const pieces = ['a', 'k', '=', ',', ';', ' ', '\t', '%', 'C3', 'A9', 'FF', '%2', '"', '\u00e9', '\\', 'p', '\u{1F600}', '\ud800'];
    for (let i = 0; i < 5000; i++) {
      const input = draw(random, pieces, 25);
      let once = '';
      expect(() => (once = Baggage.parse(input).serialize())).not.toThrow();
      expect(Baggage.parse(once).serialize()).toBe(once);
    }
  });
});
