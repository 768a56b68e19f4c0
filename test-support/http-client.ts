/**
 * A real HTTP client for tests: one request to 127.0.0.1, on its own connection (`agent: false`)
 * unless the test passes an agent, resolving with status, headers and body once the body ended.
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { HOST } from './servers';
import { sleep } from './timing';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body, parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
}

export interface SendOptions {
  method?: string;
  /**
   * An object, or Node's raw form (a flat [name, value, name, value, ...] array: the only way to
   * send a header line twice; Node then adds no Host header).
   */
  headers?: OutgoingHttpHeaders | string[];
  /** The body: one piece, or pieces written one by one with `chunkDelayMs` after each (a body that arrives slowly). */
  body?: string | string[];
  chunkDelayMs?: number;
  agent?: http.Agent | false;
  /** Fail the request when the server does not answer in time (default: no limit). */
  timeoutMs?: number;
}

export function send(port: number, path: string, options: SendOptions = {}): Promise<Reply> {
  const method = options.method ?? 'GET';
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, path, method, headers: options.headers as OutgoingHttpHeaders, agent: options.agent ?? false, timeout: options.timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
        res.on('error', reject);
      },
    );
    if (options.timeoutMs !== undefined) {
      req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms (${method} ${path})`)));
    }
    req.on('error', reject);
    if (!Array.isArray(options.body)) {
      req.end(options.body);
      return;
    }
    const chunks = options.body;
    void (async () => {
      for (const chunk of chunks) {
        req.write(chunk);
        if (options.chunkDelayMs !== undefined) await sleep(options.chunkDelayMs);
      }
      req.end();
    })();
  });
}
