/**
 * Percent-encoding of W3C baggage values (SPEC-NOTES §3.2): UTF-8 bytes, `%XX` escapes. Neither
 * direction throws: lone surrogates encode as U+FFFD and invalid UTF-8 decodes to U+FFFD.
 */

const PERCENT = 0x25;
const HEX_UPPER = '0123456789ABCDEF';
/** Value of each hex digit (both cases) by char code; -1 for any other ASCII char. */
const HEX_VALUES = Int8Array.from({ length: 128 }, (_, code) =>
  '0123456789abcdef'.indexOf(String.fromCharCode(code).toLowerCase()),
);

// Lone surrogates become U+FFFD here (WHATWG encode), unlike encodeURIComponent, which throws.
const utf8Encoder = new TextEncoder();
// fatal:false replaces invalid sequences with U+FFFD (§3.2); ignoreBOM keeps a leading U+FEFF,
// which is data in a baggage value, not a byte-order mark.
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** §3.1 baggage-octet: 0x21, 0x23–0x2B, 0x2D–0x3A, 0x3C–0x5B, 0x5D–0x7E. */
export function isBaggageOctet(code: number): boolean {
  return (
    code === 0x21 ||
    (code >= 0x23 && code <= 0x2b) ||
    (code >= 0x2d && code <= 0x3a) ||
    (code >= 0x3c && code <= 0x5b) ||
    (code >= 0x5d && code <= 0x7e)
  );
}

/** True when `text` is zero or more baggage-octets (the wire form of a value). */
export function isBaggageValue(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isBaggageOctet(text.charCodeAt(i))) return false;
  return true;
}

/** §3.2: every code point outside baggage-octet, and `%` itself, becomes `%XX` per UTF-8 byte. */
export function percentEncode(text: string): string {
  if (!needsEncoding(text)) return text;
  let out = '';
  for (const byte of utf8Encoder.encode(text)) {
    out += isBaggageOctet(byte) && byte !== PERCENT ? String.fromCharCode(byte) : `%${HEX_UPPER[byte >> 4]}${HEX_UPPER[byte & 0xf]}`;
  }
  return out;
}

/**
 * §3.2: decodes `%XX` (either hex case) as UTF-8 bytes; invalid UTF-8 becomes U+FFFD. A `%` not
 * followed by two hex digits is kept as a literal `%` (the member is never dropped for it).
 * Expects wire text (ASCII); any other code unit is truncated to its low byte.
 */
export function percentDecode(text: string): string {
  if (text.indexOf('%') === -1) return text;
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const high = code === PERCENT ? hexValue(text.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes[length++] = (high << 4) | low;
      i += 2;
    } else {
      bytes[length++] = code & 0xff;
    }
  }
  return utf8Decoder.decode(bytes.subarray(0, length));
}

function needsEncoding(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === PERCENT || !isBaggageOctet(code)) return true;
  }
  return false;
}

/** RFC 3986 §2.1: escapes may use either case of hex digit. */
function hexValue(code: number): number {
  return HEX_VALUES[code] ?? -1;
}
