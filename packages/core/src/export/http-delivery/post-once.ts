/**
 * One POST over node:http(s), resolving — never rejecting — to how it ended (an HttpAttempt).
 * Sockets are unref'd, and so is the attempt's timer: an export in flight never keeps the process
 * alive on its own. The response is read to its end so the keep-alive socket can be reused, but
 * never kept beyond the cap (SPEC-NOTES 7.5).
 */
import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { HttpAttempt } from './types';

/** What every attempt of one destination shares. */
export interface PostSettings {
  readonly url: URL;
  readonly agent: http.Agent;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxResponseBytes: number;
  readonly decompressResponse: boolean;
  readonly incompleteResponse: 'use-status' | 'retry';
}

/** setTimeout's largest delay: a longer one would fire after 1 ms. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1;

/** `timeoutMillis`: time left before the deadline (Infinity: none). */
export function postOnce(
  settings: PostSettings,
  body: Buffer,
  timeoutMillis: number,
  signal: AbortSignal | undefined,
): Promise<HttpAttempt> {
  return new Promise<HttpAttempt>((resolve) => {
    let req: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (outcome: HttpAttempt): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
      // a request that ended early (deadline, abort, cap) must not linger on its socket
      if (outcome.kind !== 'response') req?.destroy();
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    try {
      // looked up per request, so outbound instrumentation sees the call (and its suppression)
      const transport = settings.url.protocol === 'https:' ? https : http;
      req = transport.request(settings.url, {
        method: 'POST',
        agent: settings.agent,
        headers: { ...settings.headers, 'content-length': body.length },
      });
    } catch (error) {
      return finish({ kind: 'request-error', error: error instanceof Error ? error : new Error(String(error)) });
    }
    req.on('socket', (socket) => socket.unref());
    req.on('error', (error) => finish({ kind: 'network-error', error }));
    req.on('response', (res) => readResponse(res, settings, finish));
    if (timeoutMillis <= MAX_TIMER_MILLIS) {
      timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, timeoutMillis));
      timer.unref();
    }
    req.end(body);
  });
}

function readResponse(res: http.IncomingMessage, settings: PostSettings, finish: (outcome: HttpAttempt) => void): void {
  const status = res.statusCode ?? 0;
  const headers = res.headers;
  const encoding = String(headers['content-encoding'] ?? '').trim().toLowerCase();
  const gzipped = settings.decompressResponse && (encoding === 'gzip' || encoding === 'x-gzip');
  const stream = gzipped ? res.pipe(createGunzip()) : res;
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > settings.maxResponseBytes) {
      finish({ kind: 'too-large', status, headers });
      res.destroy();
      if (stream !== res) stream.destroy();
      return;
    }
    chunks.push(chunk);
  });
  stream.on('end', () => finish({ kind: 'response', status, headers, body: Buffer.concat(chunks, size) }));
  // The status arrived but the body broke off (reset, closed early, bad gzip).
  const broken = (error: Error): void =>
    finish(
      settings.incompleteResponse === 'retry'
        ? { kind: 'network-error', error }
        : { kind: 'response', status, headers, body: Buffer.alloc(0) },
    );
  stream.on('error', broken);
  if (stream !== res) res.on('error', broken);
  res.on('close', () => {
    if (!res.complete) broken(new Error('connection closed before the response ended'));
  });
}
