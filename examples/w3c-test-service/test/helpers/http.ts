/**
 * Real-HTTP helpers for the tests, all on 127.0.0.1: a "downstream" receiver that records what
 * the service sends it, and a client that talks to the service. Every connection is closed after
 * use (agent: false) and every server is closed with its sockets, so jest exits on its own.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export const HOST = '127.0.0.1';

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

/** Resolves with the port once the server listens on 127.0.0.1 (port 0: any free port). */
export function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server and cuts any connection still open (a hung call must not keep jest alive). */
export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A port nobody listens on: bound once by us and released, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const probe = http.createServer();
  const port = await listen(probe);
  await close(probe);
  return port;
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
  const port = await listen(server);
  return {
    url: `http://${HOST}:${port}`,
    received,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await close(server);
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
 * POSTs to the service. `headers` is either an object or Node's raw form (a flat
 * [name, value, name, value, ...] array), which is the only way to send a header line twice;
 * with the raw form Node adds no Host header, so the caller must include one.
 */
export function post(
  port: number,
  path: string,
  body: string,
  headers: Record<string, string> | string[] = {},
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, path, method, headers, agent: false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from the service within 10 s (${method} ${path})`)));
    req.on('error', reject);
    req.end(body);
  });
}
