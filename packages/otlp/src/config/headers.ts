/**
 * `OTEL_EXPORTER_OTLP_HEADERS` values (SPEC-NOTES 7.1): `key1=value1,key2=value2` in W3C-Baggage
 * form, values percent-decoded and trimmed; `;` metadata is not supported (it stays in the value).
 * tracewire's choice: a malformed pair is skipped with a warning and the others kept.
 */

/** RFC 9110 token characters: what an HTTP field name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values as Node accepts them: visible Latin-1 characters, spaces and tabs (no CR, LF, controls). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Headers the exporter sets itself: a user's value for these is ignored. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set(['content-type', 'content-encoding', 'content-length', 'transfer-encoding', 'host', 'connection']);

export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

export function isHeaderValue(value: string): boolean {
  return FIELD_VALUE.test(value);
}

export interface ParsedHeaders {
  /** lowercase names → decoded values */
  readonly headers: Record<string, string>;
  /** the pairs that were skipped, as written */
  readonly skipped: string[];
}

export function parseHeaderList(value: string): ParsedHeaders {
  const headers: Record<string, string> = {};
  const skipped: string[] = [];
  for (const item of value.split(',')) {
    const pair = item.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim().toLowerCase() : '';
    let decoded: string | undefined;
    try {
      decoded = eq > 0 ? decodeURIComponent(pair.slice(eq + 1).trim()) : undefined;
    } catch {
      decoded = undefined;
    }
    if (decoded === undefined || !isHeaderName(name) || !isHeaderValue(decoded)) {
      skipped.push(pair);
      continue;
    }
    headers[name] = decoded;
  }
  return { headers, skipped };
}
