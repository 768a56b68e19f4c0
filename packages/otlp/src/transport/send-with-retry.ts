/**
 * The attempts of one export (SPEC-NOTES 7.5): POST, judge the outcome, wait and try again while
 * the policy and the deadline allow. Resolves — never rejects — with the accepted response or the
 * reason the batch failed.
 */
import { readErrorMessage } from '../response/error-message';
import type { PostOutcome } from './http-post';
import { MAX_RETRIES, backoffMillis, isRetryableStatus, retryAfterMillis } from './retry-policy';

export type SendResult =
  | { readonly ok: true; readonly body: Buffer; readonly contentType: string | undefined }
  | { readonly ok: false; readonly error: Error };

export interface SendOptions {
  /** epoch ms by which every attempt must have started and finished (Infinity: no limit) */
  readonly deadline: number;
  /** aborted with the reason (deadline passed, exporter shut down) */
  readonly signal: AbortSignal;
  /** names the destination in errors */
  readonly target: string;
  readonly onRetry: () => void;
}

/** What to do after one attempt: done (either way), or wait `waitMillis` and retry because of `error`. */
type Verdict = SendResult | { readonly ok: undefined; readonly error: Error; readonly waitMillis: number };

function judge(outcome: PostOutcome, retry: number, options: SendOptions): Verdict {
  switch (outcome.kind) {
    case 'aborted':
      return { ok: false, error: abortReason(options.signal) };
    case 'too-large':
      return fail(options, `HTTP ${outcome.status} with a response body over the 4 MiB limit`);
    case 'network-error':
      return { ok: undefined, error: outcome.error, waitMillis: backoffMillis(retry) };
    case 'response': {
      const contentType = header(outcome.headers['content-type']);
      if (outcome.status >= 200 && outcome.status < 300) return { ok: true, body: outcome.body, contentType };
      const message = readErrorMessage(outcome.body, contentType);
      const text = `HTTP ${outcome.status}${message === undefined ? '' : ` (${message})`}`;
      if (!isRetryableStatus(outcome.status)) return fail(options, text);
      const waitMillis = retryAfterMillis(outcome.headers['retry-after']) ?? backoffMillis(retry);
      return { ok: undefined, error: new Error(text), waitMillis };
    }
  }
}

export async function sendWithRetry(attempt: () => Promise<PostOutcome>, options: SendOptions): Promise<SendResult> {
  for (let retry = 0; ; retry++) {
    const verdict = judge(await attempt(), retry, options);
    if (verdict.ok !== undefined) return verdict;
    const reason = describe(verdict.error);
    if (retry >= MAX_RETRIES) return fail(options, `${reason}; gave up after ${retry + 1} attempts`);
    if (Date.now() + verdict.waitMillis >= options.deadline) {
      const wait = Math.round(verdict.waitMillis);
      return fail(options, `${reason}; not retried: the next attempt (in ${wait} ms) would start after the export deadline`);
    }
    if (!(await sleep(verdict.waitMillis, options.signal))) return { ok: false, error: abortReason(options.signal) };
    options.onRetry();
  }
}

function fail(options: SendOptions, reason: string): SendResult {
  return { ok: false, error: new Error(`OTLP export to ${options.target} failed: ${reason}`) };
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('export aborted');
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Waits `ms` unless `signal` aborts first; resolves whether the wait completed. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
