/**
 * The URL spans go to (SPEC-NOTES 7.1, OT-EXP § Endpoint URLs for OTLP/HTTP): a signal-specific
 * URL is used as it is; a base URL gets `v1/traces` appended to its path, with exactly one `/`
 * between. Scheme, host, port and path are otherwise kept (Node applies 80/443 when no port).
 */

export const DEFAULT_ENDPOINT = 'http://localhost:4318';
const TRACES_PATH = 'v1/traces';

/** An http(s) URL, or undefined when `value` is not one. */
function parseHttpUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  url.hash = '';
  return url;
}

/** `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / the `url` option: as it is (an empty path reads as `/`). */
export function urlAsIs(value: string): string | undefined {
  return parseHttpUrl(value)?.href;
}

/** `OTEL_EXPORTER_OTLP_ENDPOINT` / the `endpoint` option: the base with `v1/traces` appended. */
export function urlFromBase(value: string): string | undefined {
  const url = parseHttpUrl(value);
  if (url === undefined) return undefined;
  url.pathname = url.pathname.endsWith('/') ? `${url.pathname}${TRACES_PATH}` : `${url.pathname}/${TRACES_PATH}`;
  return url.href;
}

/** The URL without credentials or query, for messages. */
export function describeUrl(href: string): string {
  const url = new URL(href);
  return `${url.origin}${url.pathname}`;
}
