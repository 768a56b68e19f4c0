/**
 * A real HTTP server on 127.0.0.1 (port 0) for the delivery tests: it records every request and
 * answers from a plan — a status with headers and a body, never answering, cutting the connection
 * before any answer, or cutting it halfway through the body. Closed with its connections.
 */
import http from 'node:http';
import { closeServer, HOST, listenOn } from '../../../../test-support/servers';

export type PlannedReply =
  | number
  | { status: number; headers?: Record<string, string>; body?: string | Buffer }
  /** accept the request and never answer */
  | 'hang'
  /** cut the connection without any answer */
  | 'destroy'
  /** send a 200 head promising 100 bytes, then 10 bytes, then cut the connection */
  | 'truncate';

export interface SeenRequest {
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** Date.now() when it arrived */
  readonly at: number;
  /** the client's port: the same for requests on one kept-alive connection */
  readonly remotePort: number | undefined;
}

export interface PlannedServer {
  /** `http://127.0.0.1:<port>/v1/things` */
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Answers for the next requests, in order; when used up, the last one repeats (default 200). */
  plan(...replies: PlannedReply[]): void;
  /** Waits (bounded) until `count` requests arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPlannedServer(): Promise<PlannedServer> {
  const requests: SeenRequest[] = [];
  let replies: PlannedReply[] = [200];
  let answered = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now(), remotePort: req.socket.remotePort });
      answer(replies[Math.min(answered++, replies.length - 1)]!, req, res);
    });
  });
  const port = await listenOn(server);
  return {
    url: `http://${HOST}:${port}/v1/things`,
    requests,
    plan(...next) {
      replies = next.length > 0 ? next : [200];
      answered = 0;
    },
    async waitForRequests(count) {
      for (let i = 0; i < 500 && requests.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    close: () => closeServer(server),
  };
}

function answer(reply: PlannedReply, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (reply === 'hang') return;
  if (reply === 'destroy') return void req.socket.destroy();
  if (reply === 'truncate') {
    res.writeHead(200, { 'content-length': '100' });
    res.write('x'.repeat(10), () => setTimeout(() => req.socket.destroy(), 20));
    return;
  }
  const { status, headers = {}, body = '' } = typeof reply === 'number' ? { status: reply } : reply;
  res.writeHead(status, headers);
  res.end(body);
}
