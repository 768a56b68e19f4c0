/**
 * `propagateTo`: which destinations get trace headers. The matcher is tested on its own with a
 * table, then through real requests: an excluded destination gets no header but still a span.
 */
import { SpanKind, TracewireError } from '@tracewire/core';
import { instrumentOutbound } from '@tracewire/fetch';
import { destinationOf } from '../src/destination';
import { compilePropagateTo } from '../src/propagate-to';
import type { PropagateTarget } from '../src/types';
import { recording, type Recording } from '../../../test-support/recording';
import type { TestServer } from '../../../test-support/servers';
import { send } from '../../../test-support/http-client';
import { downstream, httpGetJson, tracedServer, type Seen } from './helpers/servers';

describe('matching', () => {
  const api = destinationOf('https', 'api.example.com', '/v1/users?id=1');
  const internal = destinationOf('http', 'orders.svc.internal:8080', '/');
  const local = destinationOf('http', '127.0.0.1:4000', '/x');
  const ipv6 = destinationOf('http', '[::1]:9000', '/');

  test.each<[string, PropagateTarget | PropagateTarget[] | undefined, boolean[]]>([
    ['default: everywhere', undefined, [true, true, true, true]],
    ['a host name', 'api.example.com', [true, false, false, false]],
    ['host names are case-insensitive', 'API.Example.COM', [true, false, false, false]],
    ['a wildcard subdomain', '*.internal', [false, true, false, false]],
    ['a wildcard does not match the bare parent domain', '*.example.com', [true, false, false, false]],
    ['host:port', '127.0.0.1:4000', [false, false, true, false]],
    ['host alone matches any port', '127.0.0.1', [false, false, true, false]],
    ['an origin', 'https://api.example.com', [true, false, false, false]],
    ['an origin with the default port left out matches', 'http://orders.svc.internal:8080', [false, true, false, false]],
    ['an origin of another scheme does not match', 'http://api.example.com', [false, false, false, false]],
    ['an origin with a wildcard port', 'http://127.0.0.1:*', [false, false, true, false]],
    ['a trailing slash on an origin is ignored', 'https://api.example.com/', [true, false, false, false]],
    ['IPv6 host name', '::1', [false, false, false, true]],
    ['a RegExp against the full URL', /\/v1\//, [true, false, false, false]],
    ['a global RegExp gives the same answer every time', /example/g, [true, false, false, false]],
    ['a function of the URL', (url: URL) => url.port === '4000', [false, false, true, false]],
    ['a throwing function sends nothing', () => { throw new Error('boom'); }, [false, false, false, false]],
    ['a list: any match', ['*.internal', /4000/], [false, true, true, false]],
    ['an empty list: nowhere', [], [false, false, false, false]],
  ])('%s', (_label, option, expected) => {
    const match = compilePropagateTo(option);
    expect([api, internal, local, ipv6].map(match)).toEqual(expected);
    // asked twice: stateless
    expect([api, internal, local, ipv6].map(match)).toEqual(expected);
  });

  test.each([[5], [''], [null], [{}], [[/ok/, 3]]])('invalid target %p throws TW_ERR_INVALID_OPTION', (option) => {
    expect(() => compilePropagateTo(option as never)).toThrow(TracewireError);
    expect(() => instrumentOutbound({ propagateTo: option as never })).toThrow(/propagateTo/);
  });
});

describe('through real requests', () => {
  let allowed: TestServer & { seen: Seen[] };
  let excluded: TestServer & { seen: Seen[] };
  let rec: Recording;
  let up: TestServer;

  beforeAll(async () => {
    [allowed, excluded] = await Promise.all([downstream(), downstream()]);
    rec = recording();
    instrumentOutbound({ tracer: rec.tracer, propagateTo: [`http://127.0.0.1:${allowed.port}`] });
    up = await tracedServer(rec.tracer, async () => Promise.all([
      fetch(`${allowed.url}/a`).then((r) => r.json()),
      fetch(`${excluded.url}/b`).then((r) => r.json()),
      httpGetJson(`${excluded.url}/c`),
    ]));
  });
  afterAll(async () => {
    instrumentOutbound().disable();
    await Promise.all([allowed.close(), excluded.close(), up.close(), rec.tracer.shutdown()]);
  });

  test('only the allowed origin gets headers; every call still has its CLIENT span', async () => {
    const [a, b, c] = (await send(up.port, '/', { headers: { baggage: 'secret=1', tracestate: 'x=1' } })).json<Seen[]>();
    expect(a!.headers.traceparent).toBeDefined();
    expect(a!.headers.baggage).toBe('secret=1');
    for (const seen of [b!, c!]) {
      expect(seen.headers.traceparent).toBeUndefined();
      expect(seen.headers.baggage).toBeUndefined();
      expect(seen.headers.tracestate).toBeUndefined();
    }
    const spans = await rec.spans(4);
    expect(spans.filter((s) => s.kind === SpanKind.CLIENT).map((s) => s.attributes['server.port']).sort()).toEqual(
      [allowed.port, excluded.port, excluded.port].sort(),
    );
  });
});
