/**
 * Real-HTTP helpers for the tests, all on 127.0.0.1: a "downstream" receiver that records what
 * the service sends it, and a client that talks to the service. Every connection is closed after
 * use (agent: false) and every server is closed with its sockets, so jest exits on its own.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { send } from '../../../../test-support/http-client';
import { HOST, closeServer, listenOn } from '../../../../test-support/servers';

/** One request as the receiver saw it. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** when the whole request had arrived (performance.now()) */
  receivedAt: number;
  /** when the receiver sent its answer (performance.now()); undefined until then */
  answeredAt?: number;
}

export interface Receiver {
  /** base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/**
 * Starts a receiver that records every request and answers 200 after `delayMs` (a number, or a
 * function of the request path). Pending answers are cancelled by close().
 */
export async function startReceiver(delayMs: number | ((path: string) => number) = 0): Promise<Receiver> {
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const entry: Received = {
        path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: performance.now(),
      };
      received.push(entry);
      const answer = (): void => {
        entry.answeredAt = performance.now();
        res.end('ok');
      };
      const delay = typeof delayMs === 'function' ? delayMs(path) : delayMs;
      if (delay <= 0) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, delay);
      timers.add(timer);
    });
  });
  const port = await listenOn(server);
  return {
    url: `http://${HOST}:${port}`,
    received,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await closeServer(server);
    },
  };
}

export interface Answer {
  status: number;
  body: string;
  /** when the answer had fully arrived (performance.now()) */
  at: number;
}

/**
 * POSTs to the service (10 s limit). `headers` is either an object or Node's raw form (a flat
 * [name, value, name, value, ...] array), which is the only way to send a header line twice;
 * with the raw form Node adds no Host header, so the caller must include one.
 */
export async function post(
  port: number,
  path: string,
  body: string,
  headers: Record<string, string> | string[] = {},
  method = 'POST',
): Promise<Answer> {
  const reply = await send(port, path, { method, headers, body, timeoutMs: 10_000 });
  return { status: reply.status, body: reply.body, at: performance.now() };
}
