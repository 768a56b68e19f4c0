/**
 * A real Zipkin collector stand-in on 127.0.0.1 (port 0): records every request to
 * `/api/v2/spans` and answers as told — 202 by default, or a planned sequence of statuses,
 * hangs (never answers) and dropped connections. Shared by the zipkin package's tests and core's
 * env-selection and shutdown tests.
 */
import http from 'node:http';
import { closeServer, HOST, listenOn } from './servers';
import { sleep } from './timing';

export const ZIPKIN_PATH = '/api/v2/spans';

/** One planned answer: a status (with optional headers and body), never answering, or cutting the connection. */
export type ZipkinReply = number | { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'drop';

export interface ReceivedPost {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** the raw body */
  readonly text: string;
  /** when it arrived (Date.now()) */
  readonly at: number;
  /** the client's port: equal for requests sent on one kept-alive connection */
  readonly remotePort: number | undefined;
}

/** A Zipkin v2 span as JSON, loosely typed: tests state the exact shape they expect. */
export type ZipkinSpanJson = Record<string, unknown> & { traceId: string; id: string; name?: string };

export interface ZipkinReceiver {
  /** `http://127.0.0.1:<port>/api/v2/spans` */
  readonly url: string;
  readonly port: number;
  /** every request received, in order (including ones answered with errors) */
  readonly posts: ReceivedPost[];
  /** Answers for the next requests, in order; when used up, every later request gets the last one (default 202). */
  plan(replies: ZipkinReply[]): void;
  /** Forgets every request and span received and the plan (back to 202 for everything). */
  reset(): void;
  /** The spans of every POST answered with 2xx, in arrival order. */
  accepted(): ZipkinSpanJson[];
  /** Waits until at least `count` spans were accepted (bounded), then returns them all. */
  waitForSpans(count: number, limitMs?: number): Promise<ZipkinSpanJson[]>;
  close(): Promise<void>;
}

export async function startZipkinReceiver(): Promise<ZipkinReceiver> {
  const posts: ReceivedPost[] = [];
  const acceptedBodies: string[] = [];
  let replies: ZipkinReply[] = [202];
  let answered = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      posts.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, text, at: Date.now(), remotePort: req.socket.remotePort });
      const reply = replies[Math.min(answered++, replies.length - 1)]!;
      if (reply === 'hang') return;
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      const { status, headers, body } = typeof reply === 'number' ? { status: reply, headers: undefined, body: undefined } : reply;
      if (status >= 200 && status < 300 && req.method === 'POST' && req.url === ZIPKIN_PATH) acceptedBodies.push(text);
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  const port = await listenOn(server);

  const accepted = (): ZipkinSpanJson[] => acceptedBodies.flatMap((text) => JSON.parse(text) as ZipkinSpanJson[]);
  return {
    url: `http://${HOST}:${port}${ZIPKIN_PATH}`,
    port,
    posts,
    reset() {
      posts.length = 0;
      acceptedBodies.length = 0;
      replies = [202];
      answered = 0;
    },
    plan(next) {
      replies = next.length > 0 ? next : [202];
      answered = 0;
    },
    accepted,
    async waitForSpans(count, limitMs = 10_000) {
      const deadline = Date.now() + limitMs;
      while (accepted().length < count && Date.now() < deadline) await sleep(10);
      const spans = accepted();
      if (spans.length < count) throw new Error(`expected ${count} spans at the Zipkin receiver, got ${spans.length}`);
      return spans;
    },
    close: () => closeServer(server),
  };
}
