/**
 * Public types of the shared HTTP delivery (SPEC-NOTES 7.5, and 8.1 which adopts it): what an
 * exporter configures, what one send is given, and the outcome it maps to an ExportResult. The
 * delivery never builds error messages: each exporter words its own from these outcomes.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpDeliveryOptions {
  /** Request headers sent with every POST; `content-length` is set from the body. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sockets the keep-alive agent may open to the destination. Default 4. */
  readonly maxSockets?: number;
  /** Idle sockets kept for the next request. Default 2. */
  readonly maxFreeSockets?: number;
  /** A response body longer than this (after decompression) is not read on: outcome `too-large`. Default 4 MiB. */
  readonly maxResponseBytes?: number;
  /** Gunzip a response sent with `Content-Encoding: gzip` before reading it. Default true. */
  readonly decompressResponse?: boolean;
  /**
   * What an answer whose body broke off (reset, closed early, undecodable gzip) counts as:
   * `'use-status'` (default) — a `response` judged by its status, with an empty body;
   * `'retry'` — a `network-error`, retried like a connection that failed.
   */
  readonly incompleteResponse?: 'use-status' | 'retry';
}

export interface HttpSendOptions {
  /**
   * Epoch milliseconds by which every attempt must have started and finished; a request still
   * running then is cut off. Default Infinity (no deadline).
   */
  readonly deadline?: number;
  /** Aborting it ends the send at once: the request in flight is cut, a wait is cut short. */
  readonly signal?: AbortSignal;
  /** Called just before each POST: 0 for the first, 1 for the first retry, and so on. */
  readonly onAttempt?: (attempt: number) => void;
}

/** How one POST ended. */
export type HttpAttempt =
  /** the server answered; `body` is all of it (decompressed when asked), or empty when it broke off */
  | { readonly kind: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer }
  /** the response body exceeded `maxResponseBytes`: not read on, never retried */
  | { readonly kind: 'too-large'; readonly status: number; readonly headers: IncomingHttpHeaders }
  /** no (complete) answer: refused, reset, closed early, DNS — retried */
  | { readonly kind: 'network-error'; readonly error: Error }
  /** the deadline passed with the request in flight: it was cut off */
  | { readonly kind: 'timeout' }
  /** the send's signal aborted with the request in flight: it was cut off */
  | { readonly kind: 'aborted' }
  /** the request could not be made at all (node:http refused it): never retried */
  | { readonly kind: 'request-error'; readonly error: Error };

/**
 * Why no further attempt was made:
 * - `final`: the last attempt decided it (a 2xx, a status that is not retried, `too-large`,
 *   `timeout`, `aborted`, `request-error`);
 * - `retries-exhausted`: the last attempt was retryable, but every retry was used;
 * - `no-time`: the last attempt was retryable, but its wait would end at or after the deadline;
 * - `deadline`: the deadline had passed before an attempt could start;
 * - `aborted`: the signal aborted before an attempt or during a wait.
 */
export type HttpDeliveryStop = 'final' | 'retries-exhausted' | 'no-time' | 'deadline' | 'aborted';

/** What a send resolves to (it never rejects). */
export interface HttpDeliveryResult {
  /** true when the last attempt got a 2xx response */
  readonly ok: boolean;
  readonly stop: HttpDeliveryStop;
  /** the last attempt's outcome; undefined when no attempt was made */
  readonly last: HttpAttempt | undefined;
  /** POSTs made, retries included */
  readonly attempts: number;
  /** for `no-time`: the wait the next retry needed, in milliseconds */
  readonly waitMillis?: number;
}
