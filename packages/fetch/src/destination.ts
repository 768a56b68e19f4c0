/** A request's destination from what each client exposes, without a URL parse per request. */
import type { Destination } from './propagate-to';

export interface ParsedDestination extends Destination {
  readonly port: number;
}

function defaultPort(scheme: string): number {
  return scheme === 'https' ? 443 : 80;
}

/**
 * From a scheme and a `host[:port]` authority (IPv6 in brackets). The origin keeps the port only
 * when it is not the scheme's default, as URL origins do, so `propagateTo` patterns match alike
 * for fetch and http.
 */
export function destinationOf(scheme: string, authority: string, path: string): ParsedDestination {
  const lower = authority.toLowerCase();
  const close = lower.lastIndexOf(']');
  const colon = lower.lastIndexOf(':');
  const hasPort = colon > close && colon !== -1;
  const hostPart = hasPort ? lower.slice(0, colon) : lower;
  const hostname = hostPart.startsWith('[') && hostPart.endsWith(']') ? hostPart.slice(1, -1) : hostPart;
  const explicit = hasPort ? Number(lower.slice(colon + 1)) : NaN;
  const port = Number.isInteger(explicit) && explicit > 0 ? explicit : defaultPort(scheme);
  const host = port === defaultPort(scheme) ? hostPart : `${hostPart}:${port}`;
  return { origin: `${scheme}://${host}`, host, hostname, path: path === '' ? '/' : path, port };
}

/** undici's `request.origin` (a string, or a URL in some versions) and `request.path`. */
export function destinationOfOrigin(origin: unknown, path: unknown): ParsedDestination {
  const text = String(origin);
  const sep = text.indexOf('://');
  const scheme = sep === -1 ? 'http' : text.slice(0, sep).toLowerCase();
  const rest = sep === -1 ? text : text.slice(sep + 3);
  const slash = rest.indexOf('/');
  return destinationOf(scheme, slash === -1 ? rest : rest.slice(0, slash), typeof path === 'string' ? path : '/');
}

/**
 * The destination, parsed only when something reads it: with the defaults (headers go
 * everywhere, nothing records) nothing does, so a call pays no string work for it. `scheme`
 * undefined means `place` is an undici origin; otherwise it is a `host[:port]` authority.
 */
export class LazyDestination {
  private parsed: ParsedDestination | undefined = undefined;

  constructor(
    private readonly scheme: string | undefined,
    private readonly place: unknown,
    private readonly path: string,
  ) {}

  get(): ParsedDestination {
    return (this.parsed ??= this.scheme === undefined
      ? destinationOfOrigin(this.place, this.path)
      : destinationOf(this.scheme, String(this.place), this.path));
  }
}
