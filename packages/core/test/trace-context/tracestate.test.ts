import { TraceState } from '../../src/trace-context/tracestate';

const keys = (count: number, prefix = 'k') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const members = (count: number) => keys(count).map((key, i) => `${key}=${i}`);
/** A valid `key=value` entry of exactly `length` chars; the key is padded when the value would pass 256. */
const entryOf = (key: string, length: number) => {
  const paddedKey = key + 'k'.repeat(Math.max(0, length - key.length - 1 - 256));
  return `${paddedKey}=${'v'.repeat(length - paddedKey.length - 1)}`;
};

describe('TraceState keys and values — SPEC-NOTES §2.1', () => {
  test.each([
    ['foo'],
    ['a'],
    ['0'],
    ['9abc'],
    ['foo@'],
    ['foo@@bar'],
    ['foo@bar@baz'],
    [`t@${'v'.repeat(200)}`],
    ['a_b-c*d/e@f'],
    ['tenant@system'],
    ['a'.repeat(256)],
  ])('key %s is valid', (key) => {
    expect(TraceState.parse(`${key}=1`)?.get(key)).toBe('1');
    expect(TraceState.empty().set(key, '1').get(key)).toBe('1');
  });

  test.each([
    ['@foo'],
    ['FOO'],
    ['Foo'],
    ['foo.bar'],
    ['foo bar'],
    ['_foo'],
    ['-foo'],
    ['*foo'],
    ['foo!'],
    ['fo\u00e9'],
    ['a'.repeat(257)],
  ])('key %s is invalid', (key) => {
    expect(TraceState.parse(`${key}=1`)).toBeUndefined();
    expect(TraceState.empty().set(key, '1').size).toBe(0);
  });

  test.each([
    ['bar'],
    [' bar'],
    ['   leading spaces are data'],
    ['a b'],
    ['!'],
    ['~'],
    ['!"#$%&\'()*+-./09:;<>?@AZ[\\]^_`az{|}~'],
    ['x'.repeat(256)],
  ])('value %j is valid', (value) => {
    expect(TraceState.empty().set('foo', value).get('foo')).toBe(value);
    expect(TraceState.parse(`foo=${value}`)?.get('foo')).toBe(value);
  });

  test.each([
    [''],
    ['a,b'],
    ['a=b'],
    ['bar '],
    ['a\tb'],
    ['a\nb'],
    ['caf\u00e9'],
    ['\u007f'],
    ['\u001f'],
    ['x'.repeat(257)],
  ])('value %j is invalid', (value) => {
    expect(TraceState.empty().set('foo', value).size).toBe(0);
  });

  test('a value of 257 chars in the header discards the whole tracestate', () => {
    expect(TraceState.parse(`bar=1,foo=${'x'.repeat(257)}`)).toBeUndefined();
  });

  test('a value\'s trailing SP/HTAB are OWS, its leading spaces are kept', () => {
    expect(TraceState.parse('foo=  bar \t ')?.get('foo')).toBe('  bar');
  });
});

describe('TraceState.parse — SPEC-NOTES §2.2 table', () => {
  test.each<[string, unknown, Array<[string, string]>]>([
    ['OWS around members', 'foo=1 \t , \t bar=2,\tbaz=3', [['foo', '1'], ['bar', '2'], ['baz', '3']]],
    ['leading SP', ' foo=1', [['foo', '1']]],
    ['trailing HTAB', 'foo=1\t', [['foo', '1']]],
    ['two fields', ['foo=1', 'bar=2'], [['foo', '1'], ['bar', '2']]],
    ['an empty field and a member', ['', 'foo=1'], [['foo', '1']]],
    ['empty members are skipped', ',foo=1,, ,\t,bar=2,', [['foo', '1'], ['bar', '2']]],
    ['duplicate keys: left-most kept', 'foo=1,foo=2', [['foo', '1']]],
    ['duplicate keys across fields', ['foo=1,bar=2', 'foo=3'], [['foo', '1'], ['bar', '2']]],
    ['empty header', '', []],
    ['whitespace-only header', ' \t ', []],
    ['empty field list', [], []],
  ])('%s', (_name, input, expected) => {
    expect(TraceState.parse(input)?.entries()).toEqual(expected);
  });

  test.each<[string, unknown]>([
    ['empty value', 'foo=,bar=3'],
    ['`=` in the value', 'foo=bar=baz'],
    ['key starting with `@`', '@foo=1,bar=2'],
    ['uppercase key', 'FOO=1'],
    ['`.` in the key', 'foo.bar=1'],
    ['space before `=`', 'foo =1'],
    ['member without `=`', 'foo=1,bar'],
    ['key 257 chars in a later field', ['foo=1', `${'a'.repeat(257)}=1`]],
    ['33 members', members(33).join(',')],
    ['33 members across fields', [members(20).join(','), members(33).slice(20).join(',')]],
    ['33 members of which one duplicate (members are counted before dedup)', [...members(32), 'k0=x'].join(',')],
    ['non-ASCII in a value', 'foo=caf\u00e9'],
    ['a non-string field', ['foo=1', 42]],
    ['a number', 42],
    ['undefined', undefined],
    ['an object', { tracestate: 'foo=1' }],
  ])('%s → whole tracestate discarded', (_name, input) => {
    expect(TraceState.parse(input)).toBeUndefined();
  });

  test('32 members across several fields: all kept, order preserved', () => {
    const all = members(32);
    const state = TraceState.parse([all.slice(0, 10).join(','), ' ', all.slice(10).join(' , ')]);
    expect(state?.size).toBe(32);
    expect(state?.serialize()).toBe(all.join(','));
  });

  test('32 members plus empty ones are accepted (only non-empty members count)', () => {
    expect(TraceState.parse(members(32).join(',,'))?.size).toBe(32);
  });

  test('a key of 256 chars is kept', () => {
    const key = 'a'.repeat(256);
    expect(TraceState.parse(`foo=1,${key}=2`)?.get(key)).toBe('2');
  });

  test('empty results share the empty instance and serialise to ""', () => {
    expect(TraceState.parse('')).toBe(TraceState.empty());
    expect(TraceState.empty().serialize()).toBe('');
    expect(TraceState.empty().size).toBe(0);
  });
});

describe('TraceState.serialize — SPEC-NOTES §2.3 truncation to 512 chars', () => {
  const serialized = (entries: string[]) => TraceState.parse(entries.join(','))!.serialize();

  test('serialises with `,` and no OWS', () => {
    expect(TraceState.parse(' a=1 ,\tb= 2 ')!.serialize()).toBe('a=1,b= 2');
  });

  test('exactly 512 chars: nothing removed', () => {
    const entries = [entryOf('a', 128), entryOf('b', 127), entryOf('c', 127), entryOf('d', 127)];
    expect(entries.join(',').length).toBe(512);
    expect(serialized(entries)).toBe(entries.join(','));
  });

  test('513 chars, no entry over 128: entries removed from the right end', () => {
    const entries = [entryOf('a', 128), entryOf('b', 128), entryOf('c', 128), entryOf('d', 126)];
    expect(entries.join(',').length).toBe(513);
    expect(serialized(entries)).toBe(entries.slice(0, 3).join(','));
  });

  test('entries over 128 chars go first, even on the left', () => {
    const entries = [entryOf('long', 200), entryOf('b', 100), entryOf('c', 100), entryOf('d', 100), entryOf('e', 100)];
    expect(serialized(entries)).toBe(entries.slice(1).join(','));
  });

  test('a 128-char entry is not "longer than 128"', () => {
    const entries = [entryOf('a', 128), entryOf('b', 129), entryOf('c', 127), entryOf('d', 127)];
    expect(entries.join(',').length).toBe(514);
    expect(serialized(entries)).toBe([entries[0], entries[2], entries[3]].join(','));
  });

  test('only as many long entries as needed go, the right-most first (tracewire chooses)', () => {
    const entries = [entryOf('l1', 200), entryOf('s1', 100), entryOf('l2', 200), entryOf('s2', 100)];
    expect(serialized(entries)).toBe([entries[0], entries[1], entries[3]].join(','));
  });

  test('when removing long entries is not enough, removal continues from the right end', () => {
    const entries = [entryOf('long', 300), entryOf('a', 128), entryOf('b', 128), entryOf('c', 128), entryOf('d', 128)];
    expect(serialized(entries)).toBe(entries.slice(1, 4).join(','));
  });

  test('one maximal entry (256-char key, 256-char value = 513 chars) cannot be sent', () => {
    const state = TraceState.empty().set('k'.repeat(256), 'v'.repeat(256));
    expect(state.size).toBe(1);
    expect(state.serialize()).toBe('');
  });

  test('truncation affects only the wire form, not the state', () => {
    const entries = [entryOf('a', 300), entryOf('b', 300)];
    const state = TraceState.parse(entries.join(','))!;
    expect(state.serialize()).toBe(entries[0]);
    expect(state.size).toBe(2);
  });
});

describe('TraceState mutation — SPEC-NOTES §2.4', () => {
  test('a new key goes to the left', () => {
    expect(TraceState.parse('a=1,b=2')!.set('c', '3').serialize()).toBe('c=3,a=1,b=2');
  });

  test('an updated key moves to the left, others keep their order', () => {
    expect(TraceState.parse('a=1,b=2,c=3')!.set('b', '9').serialize()).toBe('b=9,a=1,c=3');
  });

  test('the 33rd member pushes out the right-most', () => {
    const full = TraceState.parse(members(32).join(','))!;
    const next = full.set('new', 'x');
    expect(next.size).toBe(32);
    expect(next.entries()[0]).toEqual(['new', 'x']);
    expect(next.get('k31')).toBeUndefined();
    expect(next.get('k30')).toBe('30');
  });

  test('updating a key of a full state removes nothing', () => {
    const next = TraceState.parse(members(32).join(','))!.set('k31', 'y');
    expect(next.size).toBe(32);
    expect(next.entries()[0]).toEqual(['k31', 'y']);
    expect(next.get('k30')).toBe('30');
  });

  test.each<[string, unknown, unknown]>([
    ['invalid key', 'FOO', '1'],
    ['invalid value', 'foo', 'a,b'],
    ['non-string key', 42, '1'],
    ['non-string value', 'foo', 1],
    ['undefined value', 'foo', undefined],
  ])('invalid set is ignored: %s', (_name, key, value) => {
    const state = TraceState.parse('a=1')!;
    expect(state.set(key as string, value as string)).toBe(state);
  });

  test('set and unset leave the original unchanged', () => {
    const state = TraceState.parse('a=1,b=2')!;
    state.set('c', '3');
    state.unset('a');
    expect(state.serialize()).toBe('a=1,b=2');
  });

  test('unset removes the key; unsetting a missing key returns the same state', () => {
    const state = TraceState.parse('a=1,b=2,c=3')!;
    expect(state.unset('b').serialize()).toBe('a=1,c=3');
    expect(state.unset('zz')).toBe(state);
    expect(TraceState.parse('a=1')!.unset('a')).toBe(TraceState.empty());
  });

  test('get returns undefined for a missing key', () => {
    expect(TraceState.parse('a=1')!.get('b')).toBeUndefined();
  });

  test('entries() hands out copies', () => {
    const state = TraceState.parse('a=1')!;
    state.entries()[0]![1] = 'changed';
    state.entries().push(['b', '2']);
    expect(state.entries()).toEqual([['a', '1']]);
  });
});

// Property tests: a seeded PRNG (mulberry32) keeps failures reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

describe('TraceState — properties', () => {
  const pieces = ['a', 'b', 'k0', 'z9', '@', '_', '*', '/', '-', '=', ',', ' ', '\t', 'V', '.', '1', '~', 'x'.repeat(120), '\u00e9'];

  test('parse never throws; serialize(parse(x)) is a fixed point of parse∘serialize', () => {
    const random = mulberry32(2024);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      let input = '';
      const length = Math.floor(random() * 30);
      for (let p = 0; p < length; p++) input += pieces[Math.floor(random() * pieces.length)];
      let state: TraceState | undefined;
      expect(() => (state = TraceState.parse(input))).not.toThrow();
      if (state === undefined) continue;
      accepted++;
      const once = state.serialize();
      expect(once.length).toBeLessThanOrEqual(512);
      expect(once).not.toMatch(/^[ \t]|[ \t]$|[ \t],|,[ \t]/);
      const reparsed = TraceState.parse(once);
      expect(reparsed).toBeDefined();
      expect(reparsed!.serialize()).toBe(once);
    }
    expect(accepted).toBeGreaterThan(200);
  });

  test('random set/unset sequences never produce an invalid or oversize state', () => {
    const random = mulberry32(7);
    const keyPool = ['a', 'b@c', 'd', 'e*', ...keys(40, 'm'), 'BAD', '', 'a'.repeat(257)];
    const valuePool = ['1', ' 2', 'x'.repeat(200), '', 'bad,', 'bad ', 'v'.repeat(256)];
    let state = TraceState.empty();
    for (let i = 0; i < 5000; i++) {
      const key = keyPool[Math.floor(random() * keyPool.length)]!;
      const value = valuePool[Math.floor(random() * valuePool.length)]!;
      expect(() => (state = random() < 0.8 ? state.set(key, value) : state.unset(key))).not.toThrow();
      expect(state.size).toBeLessThanOrEqual(32);
      const wire = state.serialize();
      expect(wire.length).toBeLessThanOrEqual(512);
      expect(TraceState.parse(wire)?.serialize()).toBe(wire);
    }
  });
});
