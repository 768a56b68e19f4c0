/**
 * Decimal strings (the OTLP/JSON form of fixed64 times and int64 values) to the two 32-bit halves
 * protobuf writes. Digits are taken six at a time, so every intermediate product stays below 2^53
 * and no precision is lost — no BigInt and no float beyond the exact range.
 */

const TWO_32 = 4_294_967_296;
const CHUNK = 6;
const POWERS = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/** Low and high 32 bits of a 64-bit value. Reused by the caller: do not keep a reference. */
export interface Int64Parts {
  lo: number;
  hi: number;
}

/**
 * Parses an optionally signed decimal integer into `out` as 64-bit two's complement (wrapping
 * modulo 2^64 beyond the int64 range). Returns false, leaving `out` at 0, for anything else.
 */
export function parseDecimal64(text: string, out: Int64Parts): boolean {
  out.lo = 0;
  out.hi = 0;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  if (i >= text.length) return false;
  let lo = 0;
  let hi = 0;
  while (i < text.length) {
    const end = Math.min(i + CHUNK, text.length);
    let chunk = 0;
    for (let j = i; j < end; j++) {
      const digit = text.charCodeAt(j) - 48;
      if (digit < 0 || digit > 9) return false;
      chunk = chunk * 10 + digit;
    }
    const scale = POWERS[end - i]!;
    const low = lo * scale + chunk;
    const carry = Math.floor(low / TWO_32);
    lo = low - carry * TWO_32;
    // modulo 2^64 by dropping what overflows the high word (floor, not `%`: V8's float `%` is slow)
    const high = hi * scale + carry;
    hi = high - Math.floor(high / TWO_32) * TWO_32;
    i = end;
  }
  if (negative && (lo !== 0 || hi !== 0)) {
    // two's complement: invert and add one
    lo = (~lo >>> 0) + 1;
    hi = ~hi >>> 0;
    if (lo === TWO_32) {
      lo = 0;
      hi = (hi + 1) >>> 0;
    }
  }
  out.lo = lo >>> 0;
  out.hi = hi >>> 0;
  return true;
}
