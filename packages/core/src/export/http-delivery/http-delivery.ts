/**
 * The delivery both HTTP exporters share (SPEC-NOTES 7.5; 8.1 adopts it): POSTs one body over a
 * keep-alive agent, retrying network errors and 429/502/503/504 with backoff and jitter or the
 * server's `Retry-After`, all inside one deadline; a retry that could not start before it is not
 * attempted. `send()` never rejects: it resolves to an outcome each exporter words and maps to
 * its ExportResult.
 */
import http from 'node:http';
import https from 'node:https';
import { reportError } from '../../diag';
import { invalidOption } from '../../errors';
import { postOnce, type PostSettings } from './post-once';
import { MAX_RETRIES, backoffMillis, isRetryableStatus, retryAfterMillis } from './retry-policy';
import type { HttpAttempt, HttpDeliveryOptions, HttpDeliveryResult, HttpSendOptions } from './types';

/** SPEC-NOTES 7.1: response bodies are read up to 4 MiB (after decompression). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** setTimeout's largest delay: a longer one would fire after 1 ms. */
const MAX_TIMER_MILLIS = 2 ** 31 - 1;

export class HttpDelivery {
  /** The destination, as parsed. */
  readonly url: URL;
  private readonly settings: PostSettings;

  constructor(url: string | URL, options: HttpDeliveryOptions = {}) {
    this.url = parseUrl(url);
    const maxSockets = positiveInteger('maxSockets', options.maxSockets, 4);
    const maxFreeSockets = positiveInteger('maxFreeSockets', options.maxFreeSockets, 2);
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets };
    this.settings = {
      url: this.url,
      agent: this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions),
      headers: stringRecord('headers', options.headers),
      maxResponseBytes: positiveInteger('maxResponseBytes', options.maxResponseBytes, MAX_RESPONSE_BYTES),
      decompressResponse: options.decompressResponse ?? true,
      incompleteResponse: oneOf('incompleteResponse', options.incompleteResponse, ['use-status', 'retry'] as const),
    };
  }

  /** POSTs `body` until it is accepted, refused for good, or out of retries, time or luck. Never rejects. */
  async send(body: Buffer, options: HttpSendOptions = {}): Promise<HttpDeliveryResult> {
    const deadline = typeof options.deadline === 'number' && !Number.isNaN(options.deadline) ? options.deadline : Infinity;
    const { signal } = options;
    let last: HttpAttempt | undefined;
    let attempts = 0;
    try {
      for (;;) {
        if (signal?.aborted) return { ok: false, stop: 'aborted', last, attempts };
        const remaining = deadline - Date.now();
        if (remaining <= 0) return { ok: false, stop: 'deadline', last, attempts };
        notify(options.onAttempt, attempts);
        last = await postOnce(this.settings, body, remaining, signal);
        const retry = attempts++;
        if (last.kind === 'response' && last.status >= 200 && last.status < 300) return { ok: true, stop: 'final', last, attempts };
        const waitMillis = retryWait(last, retry);
        if (waitMillis === undefined) return { ok: false, stop: 'final', last, attempts };
        if (retry >= MAX_RETRIES) return { ok: false, stop: 'retries-exhausted', last, attempts };
        if (Date.now() + waitMillis >= deadline) return { ok: false, stop: 'no-time', last, attempts, waitMillis };
        if (!(await sleep(waitMillis, signal))) return { ok: false, stop: 'aborted', last, attempts };
      }
    } catch (error) {
      // not expected (each step resolves), but a send must still resolve
      return { ok: false, stop: 'final', last: { kind: 'request-error', error: error instanceof Error ? error : new Error(String(error)) }, attempts };
    }
  }

  /** Closes idle keep-alive sockets and cuts any still in use. */
  destroy(): void {
    this.settings.agent.destroy();
  }
}

/** The wait before retrying after `last` (retry number `retry`, 0-based), or undefined: not retried. */
function retryWait(last: HttpAttempt, retry: number): number | undefined {
  if (last.kind === 'network-error') return backoffMillis(retry);
  if (last.kind === 'response' && isRetryableStatus(last.status)) {
    return retryAfterMillis(last.headers['retry-after']) ?? backoffMillis(retry);
  }
  return undefined;
}

function notify(onAttempt: ((attempt: number) => void) | undefined, attempt: number): void {
  try {
    onAttempt?.(attempt);
  } catch (error) {
    reportError(error, 'HttpDelivery onAttempt');
  }
}

/** Waits `ms` unless `signal` aborts first; resolves whether the wait completed. The timer never holds the process. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.min(ms, MAX_TIMER_MILLIS));
    timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseUrl(value: unknown): URL {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' || value instanceof URL ? new URL(String(value)) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalidOption('url', value, 'an http:// or https:// URL');
  }
  return url;
}

function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalidOption(option, value, 'a positive integer');
  return value;
}

function stringRecord(option: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const valid =
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
  if (!valid) throw invalidOption(option, value, 'an object of header names to string values');
  return { ...(value as Record<string, string>) };
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0]!;
  if (!allowed.includes(value as T)) throw invalidOption(option, value, `one of ${allowed.map((item) => `"${item}"`).join(', ')}`);
  return value as T;
}
