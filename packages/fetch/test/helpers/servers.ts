/**
 * The two ends of an outbound call for tests: a traced "upstream" server (core's HTTP server
 * tracing on plain node:http, so these tests do not depend on a framework adapter) whose handler
 * makes the outbound calls, and a plain "downstream" server that reports what it received.
 */
import http from 'node:http';
import { createHttpServerTracing, run, type RequestTrace, type Tracer } from '@tracewire/core';
import { listen, type TestServer } from '../../../../test-support/servers';

export type TracedHandler = (trace: RequestTrace, req: http.IncomingMessage) => Promise<unknown>;

/** Answers every request with the JSON its handler resolves to (500 with the error message if it rejects). */
export function tracedServer(tracer: Tracer, handler: TracedHandler): Promise<TestServer> {
  const tracing = createHttpServerTracing({ tracer, traceResponseHeader: false });
  return listen((req, res) => {
    const trace = tracing.start(req, res);
    run(trace.context, () => {
      handler(trace, req).then(
        (body) => res.end(JSON.stringify(body ?? null)),
        (error: Error) => {
          res.statusCode = 500;
          res.end(JSON.stringify({ error: error.message, cause: (error.cause as Error | undefined)?.message }));
        },
      );
    });
  });
}

/** What the downstream saw of one request. */
export interface Seen {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** how many header lines of each (lowercase) name arrived: a doubled header shows here */
  readonly counts: Record<string, number>;
}

function countHeaders(raw: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/**
 * `/status/<code>` answers that code; `/redirect` answers 302 to `/landed`; `/slow` answers after
 * 2 s; anything else 200. Every answer's body is the `Seen` of the request.
 */
export async function downstream(): Promise<TestServer & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await listen((req, res) => {
    const record: Seen = { path: req.url ?? '', headers: req.headers, counts: countHeaders(req.rawHeaders) };
    seen.push(record);
    const path = req.url ?? '/';
    const body = JSON.stringify(record);
    if (path.startsWith('/status/')) {
      res.statusCode = Number(path.slice('/status/'.length, path.indexOf('?') === -1 ? undefined : path.indexOf('?')));
      res.end(body);
    } else if (path === '/redirect') {
      res.writeHead(302, { location: '/landed' }).end();
    } else if (path === '/slow') {
      const timer = setTimeout(() => res.end(body), 2000);
      res.on('close', () => clearTimeout(timer));
    } else {
      res.end(body);
    }
  });
  return Object.assign(server, { seen });
}

/** GET with node:http, resolving with the parsed JSON body (any status). */
export function httpGetJson(url: string, options: http.RequestOptions = {}): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as Seen));
    });
    req.on('error', reject);
  });
}

/** The four fields of a traceparent value, checked by shape (independently of core's parser). */
export function fieldsOf(traceparent: unknown): { traceId: string; parentId: string; flags: string } {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(traceparent));
  if (match === null) throw new Error(`not a version-00 traceparent: ${String(traceparent)}`);
  return { traceId: match[1]!, parentId: match[2]!, flags: match[3]! };
}
