/**
 * The SPEC-NOTES §5.4 attributes of a SERVER span for a plain-HTTP/1.1 request sent from
 * 127.0.0.1 to a server on 127.0.0.1 — what every adapter's span test expects. Callers state the
 * values that differ per test (path, redacted query, route, status, port, user agent) explicitly.
 */
import type { ReadableSpan } from '@tracewire/core';

export interface LoopbackRequestExpectation {
  method?: string;
  path: string;
  /** the expected `url.query`, already redacted (e.g. `x=1&sig=REDACTED`) */
  query?: string;
  route?: string;
  status: number;
  port: number;
  userAgent?: string;
}

export function expectLoopbackServerAttributes(span: ReadableSpan, expected: LoopbackRequestExpectation): void {
  const attributes: Record<string, unknown> = {
    'http.request.method': expected.method ?? 'GET',
    'url.path': expected.path,
    'url.scheme': 'http',
    'http.response.status_code': expected.status,
    'server.address': '127.0.0.1',
    'server.port': expected.port,
    'client.address': '127.0.0.1',
    'network.peer.address': '127.0.0.1',
    'network.protocol.version': '1.1',
  };
  if (expected.query !== undefined) attributes['url.query'] = expected.query;
  if (expected.route !== undefined) attributes['http.route'] = expected.route;
  if (expected.userAgent !== undefined) attributes['user_agent.original'] = expected.userAgent;
  expect(span.attributes).toMatchObject(attributes);
  expect(typeof span.attributes['network.peer.port']).toBe('number');
}
