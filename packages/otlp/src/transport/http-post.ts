/**
 * One POST over node:http(s) with a keep-alive agent (SPEC-NOTES 7.2), resolving — never
 * rejecting — to what happened: a response (body read up to the 4 MiB cap, gunzipped when the
 * server compressed it), a network error, or an abort. Sockets are unref'd: an export in flight
 * never keeps the process alive on its own.
 */
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';

/** SPEC-NOTES 7.1: response bodies are read up to 4 MiB (after decompression). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export type PostOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: http.IncomingHttpHeaders; readonly body: Buffer }
  /** the response body exceeded the cap: a non-retryable error */
  | { readonly kind: 'too-large'; readonly status: number }
  /** refused, reset, closed without a response, DNS, ...: retryable */
  | { readonly kind: 'network-error'; readonly error: Error }
  /** the caller's signal fired (deadline or shutdown) */
  | { readonly kind: 'aborted' };

export class HttpTransport {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly url: URL;

  constructor(url: string) {
    this.url = new URL(url);
    const secure = this.url.protocol === 'https:';
    this.request = secure ? https.request : http.request;
    // One export at a time per processor: a couple of sockets are plenty; idle ones are kept for
    // the next batch (SPEC-NOTES 7.2: keep the connection alive between requests).
    const agentOptions = { keepAlive: true, maxSockets: 4, maxFreeSockets: 2 };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  post(body: Buffer, headers: http.OutgoingHttpHeaders, signal: AbortSignal): Promise<PostOutcome> {
    return new Promise<PostOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: PostOutcome): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = (): void => {
        finish({ kind: 'aborted' });
        req.destroy();
      };
      const req = this.request(this.url, { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': body.length } });
      req.on('socket', (socket) => socket.unref());
      req.on('error', (error) => finish(signal.aborted ? { kind: 'aborted' } : { kind: 'network-error', error }));
      req.on('response', (res) => readResponse(res, finish));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      req.end(body);
    });
  }

  /** Closes idle keep-alive sockets and cuts any still in use. */
  destroy(): void {
    this.agent.destroy();
  }
}

function readResponse(res: http.IncomingMessage, finish: (outcome: PostOutcome) => void): void {
  const status = res.statusCode ?? 0;
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const stream = encoding === 'gzip' || encoding === 'x-gzip' ? res.pipe(createGunzip()) : res;
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      finish({ kind: 'too-large', status });
      res.destroy();
      if (stream !== res) stream.destroy();
      return;
    }
    chunks.push(chunk);
  });
  stream.on('end', () => finish({ kind: 'response', status, headers: res.headers, body: Buffer.concat(chunks, size) }));
  // The status arrived but the body broke off (reset, bad gzip): judge the status on what came.
  const partial = (): void => finish({ kind: 'response', status, headers: res.headers, body: Buffer.alloc(0) });
  stream.on('error', partial);
  res.on('error', partial);
}
