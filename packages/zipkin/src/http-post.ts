/**
 * One POST attempt over node:http(s), classified for the retry loop. Sockets are unref'd: an
 * export in flight never keeps the process alive (the shutdown helper holds it open when a flush
 * must finish). The response body is read to its end, so the keep-alive socket can be reused,
 * but never kept beyond a cap (SPEC-NOTES §7.5: 4 MiB).
 */
import http from 'node:http';
import https from 'node:https';

export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** How much of an error response is kept for the log line. */
const KEPT_BODY_BYTES = 512;

export type AttemptOutcome =
  /** the server answered; `body` is its first bytes, for messages */
  | { readonly kind: 'response'; readonly status: number; readonly body: string; readonly retryAfter?: string }
  /** no answer: refused, reset, closed early, DNS — worth another attempt */
  | { readonly kind: 'network'; readonly error: Error }
  /** not worth another attempt: deadline reached, aborted, body over the cap, unusable request */
  | { readonly kind: 'fatal'; readonly error: Error };

export interface PostRequest {
  readonly url: URL;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly agent: http.Agent;
  /** time left for this attempt; 0 = no limit */
  readonly timeoutMillis: number;
  readonly signal: AbortSignal;
}

/** Never rejects. */
export function postOnce(request: PostRequest): Promise<AttemptOutcome> {
  return new Promise<AttemptOutcome>((resolve) => {
    let req: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
      // a request that ended early (deadline, abort, cap) must not linger on its socket
      if (outcome.kind !== 'response') req?.destroy();
    };
    const onAbort = (): void => finish({ kind: 'fatal', error: new Error('export aborted: the exporter was shut down') });
    if (request.signal.aborted) return onAbort();
    request.signal.addEventListener('abort', onAbort);

    try {
      const transport = request.url.protocol === 'https:' ? https : http;
      req = transport.request(
        request.url,
        {
          method: 'POST',
          agent: request.agent,
          headers: { ...request.headers, 'content-type': 'application/json', 'content-length': request.body.length },
        },
        (res) => readResponse(res, finish),
      );
    } catch (error) {
      return finish({ kind: 'fatal', error: asError(error) });
    }
    req.on('socket', (socket) => socket.unref());
    req.on('error', (error) => finish({ kind: 'network', error }));
    if (request.timeoutMillis > 0) {
      timer = setTimeout(
        () => finish({ kind: 'fatal', error: new Error(`no answer from Zipkin before the export deadline`) }),
        request.timeoutMillis,
      );
      timer.unref();
    }
    req.end(request.body);
  });
}

function readResponse(res: http.IncomingMessage, finish: (outcome: AttemptOutcome) => void): void {
  let size = 0;
  let kept = '';
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      finish({ kind: 'fatal', error: new Error(`Zipkin's response body exceeds ${MAX_RESPONSE_BYTES} bytes`) });
      return;
    }
    if (kept.length < KEPT_BODY_BYTES) kept += chunk.toString('utf8', 0, Math.min(chunk.length, KEPT_BODY_BYTES));
  });
  res.on('end', () => {
    const retryAfter = res.headers['retry-after'];
    finish({
      kind: 'response',
      status: res.statusCode ?? 0,
      body: kept.slice(0, KEPT_BODY_BYTES),
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    });
  });
  // after 'end' this is a no-op; before it, the server went away mid-response
  res.on('close', () => finish({ kind: 'network', error: new Error('connection closed before the response ended') }));
  res.on('error', (error) => finish({ kind: 'network', error }));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
