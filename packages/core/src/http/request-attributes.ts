/**
 * HTTP server span attributes from Node's IncomingMessage (SPEC-NOTES §5.2, §5.4, §5.6). Forwarding
 * headers (`Forwarded`, `X-Forwarded-*`) are spoofable, so they are read only when the framework
 * is configured to trust its proxy (§5.4 tracewire chooses).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type Env, readString } from '../config/env';
import { invalidOption } from '../errors';
import type { Attributes } from '../types';

export const DEFAULT_KNOWN_METHODS: readonly string[] = Object.freeze([
  'CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'QUERY',
]);

/** §5.6: query values of these keys are replaced by REDACTED (keys are case-sensitive). */
const SENSITIVE_QUERY_KEYS = new Set([
  'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'AWSAccessKeyId', 'Signature', 'sig', 'X-Goog-Signature',
]);

/**
 * The known-method list (§5.2): the code option, else `OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS`, else
 * the default. Shared by server and client instrumentation so both classify methods alike.
 */
export function knownMethodsFrom(option: readonly string[] | undefined, env: Env): ReadonlySet<string> {
  if (option !== undefined) {
    if (!Array.isArray(option) || option.some((m) => typeof m !== 'string' || m === '')) {
      throw invalidOption('knownMethods', option, 'an array of HTTP method names');
    }
    return new Set(option);
  }
  // a case-sensitive full replacement of the default list (§5.2)
  const raw = readString(env, 'OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS');
  if (raw === undefined) return new Set(DEFAULT_KNOWN_METHODS);
  return new Set(raw.split(',').map((m) => m.trim()).filter((m) => m !== ''));
}

/** The method for attributes and span names: known ones as-is, others `_OTHER` (§5.2). */
export function normaliseMethod(method: string | undefined, known: ReadonlySet<string>): string {
  return method !== undefined && known.has(method) ? method : '_OTHER';
}

/** Every sensitive key contains one of these; most query strings contain none (fast path). */
const SENSITIVE_HINT = /sig|Signature|X-Amz-|AWSAccessKeyId|X-Goog-/;

/** Replaces the values of sensitive query keys with REDACTED, leaving everything else verbatim. */
export function redactQuery(query: string): string {
  if (query === '' || !SENSITIVE_HINT.test(query)) return query;
  let changed = false;
  const parts = query.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    if (eq !== -1 && SENSITIVE_QUERY_KEYS.has(key)) {
      parts[i] = `${key}=REDACTED`;
      changed = true;
    }
  }
  return changed ? parts.join('&') : query;
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** The first element of a comma-separated header, trimmed. */
function firstListItem(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  const item = (comma === -1 ? value : value.slice(0, comma)).trim();
  return item === '' ? undefined : item;
}

/** A parameter (`for`, `proto`, `host`) of the first element of an RFC 7239 `Forwarded` header. */
function forwardedParam(req: IncomingMessage, param: string): string | undefined {
  const first = firstListItem(firstHeader(req, 'forwarded'));
  if (first === undefined) return undefined;
  for (const pair of first.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim().toLowerCase() === param) {
      return pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1') || undefined;
    }
  }
  return undefined;
}

/** Splits `host[:port]` / `[v6]:port`; the port only when it is a valid number. */
export function splitHostPort(value: string): { host: string; port: number | undefined } {
  let host = value;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    host = close === -1 ? value : value.slice(1, close);
    if (close !== -1 && value[close + 1] === ':') portText = value.slice(close + 2);
  } else {
    const colon = value.lastIndexOf(':');
    if (colon !== -1 && value.indexOf(':') === colon) {
      host = value.slice(0, colon);
      portText = value.slice(colon + 1);
    }
  }
  const port = portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  return { host, port: port !== undefined && port > 0 && port < 65536 ? port : undefined };
}

/** What every request needs, recording or not: the normalised method and the path. */
export interface RequestTarget {
  /** the normalised method (`_OTHER` for unknown) */
  readonly method: string;
  /** url.path: the request target without its query */
  readonly path: string;
  /** where the query starts in `req.url` (-1: none) */
  readonly queryStart: number;
}

export function requestTarget(req: IncomingMessage, known: ReadonlySet<string>): RequestTarget {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  return {
    method: normaliseMethod(req.method, known),
    path: queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart),
    queryStart,
  };
}

/**
 * The SERVER span's attributes known before the app runs (§5.4). Only called for a span that can
 * record: in propagate-only mode, and for ignored paths, nothing would read them.
 */
export function requestAttributes(req: IncomingMessage, target: RequestTarget, trustProxy: boolean): Attributes {
  const { method, path, queryStart: q } = target;
  const socket = req.socket as TLSSocket | undefined;

  const scheme =
    (trustProxy ? forwardedParam(req, 'proto') ?? firstListItem(firstHeader(req, 'x-forwarded-proto')) : undefined)?.toLowerCase() ??
    (socket?.encrypted ? 'https' : 'http');
  const hostHeader =
    (trustProxy ? forwardedParam(req, 'host') ?? firstListItem(firstHeader(req, 'x-forwarded-host')) : undefined) ??
    firstHeader(req, 'host');
  const clientAddress =
    (trustProxy ? forwardedParam(req, 'for') ?? firstListItem(firstHeader(req, 'x-forwarded-for')) : undefined) ??
    socket?.remoteAddress;

  const attributes: Attributes = {
    'http.request.method': method,
    'url.path': path,
    'url.scheme': scheme,
  };
  if (q !== -1) attributes['url.query'] = redactQuery(req.url!.slice(q + 1));
  if (method === '_OTHER' && req.method !== undefined) attributes['http.request.method_original'] = req.method;
  if (hostHeader !== undefined) {
    const { host, port } = splitHostPort(hostHeader);
    attributes['server.address'] = host;
    attributes['server.port'] = port ?? (scheme === 'https' ? 443 : 80);
  }
  if (clientAddress !== undefined) attributes['client.address'] = clientAddress;
  if (socket?.remoteAddress !== undefined) attributes['network.peer.address'] = socket.remoteAddress;
  if (socket?.remotePort !== undefined) attributes['network.peer.port'] = socket.remotePort;
  const userAgent = firstHeader(req, 'user-agent');
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  // Node reports HTTP/2 as "2.0"; the convention wants "2" (§5.4)
  if (req.httpVersion) attributes['network.protocol.version'] = req.httpVersion === '2.0' ? '2' : req.httpVersion;
  return attributes;
}
