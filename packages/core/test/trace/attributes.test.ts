import {
  AttributeWrite,
  copyAttributes,
  sanitizeAttributeValue,
  toSafeString,
  truncateString,
  writeAttribute,
  type AttributeMap,
} from '../../src/trace/attributes';
import { DEFAULT_SPAN_LIMITS, resolveSpanLimits } from '../../src/trace/span-limits';
import { TracewireError } from '../../src/errors';

const NO_LENGTH_LIMIT = Infinity;

describe('writeAttribute', () => {
  test('stores the stable subset: string, boolean, number, homogeneous arrays (SPEC 4.2)', () => {
    const target: AttributeMap = {};
    expect(writeAttribute(target, 0, 's', 'text', 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 1, 'b', false, 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 2, 'i', 42, 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 3, 'd', 1.5, 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 4, 'sa', ['a', null, 'b', undefined], 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 5, 'na', [1, 2.5], 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 6, 'ba', [true, null], 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 7, 'empty', [], 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(target).toEqual({
      s: 'text', b: false, i: 42, d: 1.5, sa: ['a', null, 'b', undefined], na: [1, 2.5], ba: [true, null], empty: [],
    });
  });

  test('an empty key or an undefined/null value is ignored', () => {
    const target: AttributeMap = {};
    expect(writeAttribute(target, 0, '', 'x', 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.IGNORED);
    expect(writeAttribute(target, 0, 'k', undefined, 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.IGNORED);
    expect(writeAttribute(target, 0, 'k', null, 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.IGNORED);
    expect(writeAttribute(target, 0, 7 as unknown as string, 'x', 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.IGNORED);
    expect(Object.keys(target)).toEqual([]);
  });

  test('values outside the stable subset are dropped as INVALID', () => {
    const target: AttributeMap = {};
    const invalid: unknown[] = [{ a: 1 }, 10n, Symbol('s'), () => 1, new Date(), ['a', 1], [true, 'x'], [{}], [[1]]];
    for (const value of invalid) {
      expect(writeAttribute(target, 0, 'k', value, 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.INVALID);
    }
    expect(Object.keys(target)).toEqual([]);
  });

  test('count limit applies to new keys only; overwriting at the limit is allowed (SPEC 4.3)', () => {
    const target: AttributeMap = { a: 1, b: 2 };
    expect(writeAttribute(target, 2, 'c', 3, 2, NO_LENGTH_LIMIT)).toBe(AttributeWrite.OVER_LIMIT);
    expect(writeAttribute(target, 2, 'a', 'new', 2, NO_LENGTH_LIMIT)).toBe(AttributeWrite.REPLACED);
    expect(target).toEqual({ a: 'new', b: 2 });
  });

  test('keys named like Object.prototype members are ordinary keys', () => {
    const target: AttributeMap = {};
    expect(writeAttribute(target, 0, 'constructor', 'c', 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(writeAttribute(target, 1, '__proto__', 'p', 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.ADDED);
    expect(Object.keys(target).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(target, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(writeAttribute(target, 2, '__proto__', 'q', 10, NO_LENGTH_LIMIT)).toBe(AttributeWrite.REPLACED);
    expect(Object.getOwnPropertyDescriptor(target, '__proto__')?.value).toBe('q');
  });

  test('arrays are copied: later changes to the caller array do not leak in', () => {
    const source = ['a', 'b'];
    const target: AttributeMap = {};
    writeAttribute(target, 0, 'list', source, 10, NO_LENGTH_LIMIT);
    source.push('c');
    expect(target.list).toEqual(['a', 'b']);
  });
});

describe('value length limit', () => {
  test('strings are cut to the limit in UTF-16 code units', () => {
    expect(truncateString('abcdef', 3)).toBe('abc');
    expect(truncateString('abc', 3)).toBe('abc');
    expect(truncateString('abc', 0)).toBe('');
  });

  test('a surrogate pair is never split: the cut moves one unit earlier', () => {
    const text = 'ab\u{1F600}cd'; // a b [high low] c d
    expect(truncateString(text, 3)).toBe('ab');
    expect(truncateString(text, 4)).toBe('ab\u{1F600}');
    expect(truncateString('\u{1F600}', 1)).toBe('');
  });

  test('array string elements are truncated; numbers and booleans never are', () => {
    expect(sanitizeAttributeValue(['abcdef', null, 'xy'], 4)).toEqual(['abcd', null, 'xy']);
    expect(sanitizeAttributeValue(123456789, 2)).toBe(123456789);
    expect(sanitizeAttributeValue(true, 0)).toBe(true);
    expect(sanitizeAttributeValue('x'.repeat(10_000), Infinity)).toHaveLength(10_000);
  });
});

describe('copyAttributes (events and links)', () => {
  test('applies the count limit and reports drops and invalid values', () => {
    const copied = copyAttributes({ a: 1, b: 'two', c: { nested: true }, d: true, e: 5 }, 3, 2);
    expect(copied.attributes).toEqual({ a: 1, b: 'tw', d: true });
    expect(copied.dropped).toBe(1);
    expect(copied.invalid).toBe(true);
  });

  test('nothing to copy gives a shared empty result', () => {
    expect(copyAttributes(undefined, 10, 10)).toBe(copyAttributes('nope', 10, 10));
    expect(copyAttributes({}, 10, 10).attributes).toEqual({});
  });
});

describe('toSafeString', () => {
  test('strings as given, others through String(), never throwing', () => {
    expect(toSafeString('x', 'f')).toBe('x');
    expect(toSafeString(42, 'f')).toBe('42');
    expect(toSafeString(undefined, 'f')).toBe('f');
    expect(toSafeString({ toString: () => { throw new Error('no'); } }, 'f')).toBe('f');
  });
});

describe('resolveSpanLimits', () => {
  test('defaults: 128 everywhere, no value-length limit (SPEC 4.3)', () => {
    expect(resolveSpanLimits()).toEqual({
      attributeCountLimit: 128,
      attributeValueLengthLimit: Infinity,
      eventCountLimit: 128,
      linkCountLimit: 128,
      attributePerEventCountLimit: 128,
      attributePerLinkCountLimit: 128,
    });
    expect(resolveSpanLimits()).toBe(DEFAULT_SPAN_LIMITS);
  });

  test('fills only what is unset', () => {
    const limits = resolveSpanLimits({ attributeCountLimit: 5, attributeValueLengthLimit: 0 });
    expect(limits.attributeCountLimit).toBe(5);
    expect(limits.attributeValueLengthLimit).toBe(0);
    expect(limits.eventCountLimit).toBe(128);
  });

  test('a negative or non-integer code option throws TW_ERR_INVALID_OPTION', () => {
    for (const bad of [-1, 1.5, NaN, '5', Infinity]) {
      let thrown: unknown;
      try {
        resolveSpanLimits({ eventCountLimit: bad as number });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TracewireError);
      expect((thrown as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
      expect((thrown as TracewireError).message).toContain('spanLimits.eventCountLimit');
    }
    expect(resolveSpanLimits({ attributeValueLengthLimit: Infinity }).attributeValueLengthLimit).toBe(Infinity);
  });
});
