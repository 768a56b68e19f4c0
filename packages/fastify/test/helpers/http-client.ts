/** Real HTTP requests from the test to the app (node:http, no keep-alive unless an agent is given). */
import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** The body, sent as one piece or as chunks with a pause before each after the first. */
  body?: string | string[];
  chunkDelayMillis?: number;
  agent?: Agent;
}

export function send(port: number, path: string, init: RequestInit = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const chunks = init.body === undefined ? [] : Array.isArray(init.body) ? init.body : [init.body];
    void (async () => {
      for (let i = 0; i < chunks.length; i++) {
        if (i > 0 && init.chunkDelayMillis) await sleep(init.chunkDelayMillis);
        req.write(chunks[i]);
      }
      req.end();
    })();
  });
}

/** A promise with its resolve function outside, for sequencing client and server. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A valid traceparent for the n-th request: distinct trace and parent ids, sampled. */
export function traceparentFor(n: number): { traceId: string; parentId: string; header: string } {
  const traceId = `${(n + 1).toString(16).padStart(8, '0')}${'a1b2c3d4'.repeat(3)}`;
  const parentId = `${(n + 1).toString(16).padStart(8, '0')}beefcafe`;
  return { traceId, parentId, header: `00-${traceId}-${parentId}-01` };
}
