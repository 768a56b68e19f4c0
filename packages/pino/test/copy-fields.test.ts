/** The copies handed to pino: fresh, writable, equal to core's frozen fields, whatever the keys. */
import { copyFields } from '../src/copy-fields';

test('a fresh writable copy with the same keys in the same order; the cached fields stay untouched', () => {
  const fields = Object.freeze({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), trace_flags: '01' });
  const first = copyFields(fields);
  const second = copyFields(fields);
  expect(first).toEqual(fields);
  expect(Object.keys(first)).toEqual(['trace_id', 'span_id', 'trace_flags']);
  expect(first).not.toBe(second);
  first.msg = 'written by pino';
  expect(second).not.toHaveProperty('msg');
  expect(fields).not.toHaveProperty('msg');
});

test('keys that are awkward in source text are copied as keys', () => {
  const odd = Object.freeze({ 'logging.googleapis.com/trace': 't', 'with "quotes"\n': 'q', '\u2028': 'ls', baggage: 'b' });
  expect(copyFields(odd)).toEqual(odd);
  // `__proto__` as a literal key would set the prototype: it must stay an own key
  const proto = Object.freeze(Object.defineProperty({}, '__proto__', { value: 'x', enumerable: true }) as Record<string, unknown>);
  const copy = copyFields(proto);
  expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
});

test('beyond the compiled key lists (many baggage keys) copies are still exact', () => {
  for (let i = 0; i < 100; i++) {
    const fields = Object.freeze({ trace_id: 't', [`baggage.k${i}`]: String(i) });
    expect(copyFields(fields)).toEqual(fields);
  }
});
