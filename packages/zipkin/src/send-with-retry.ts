/**
 * The retry loop of one export: attempts and the waits between them share one deadline; a retry
 * that could not start before it is not attempted (SPEC-NOTES §7.5). Resolves, never rejects.
 */
import { ExportResultCode, type ExportResult } from '@tracewire/core';
import type { AttemptOutcome } from './http-post';
import { MAX_RETRIES, backoffMillis, isRetryableStatus, retryAfterMillis } from './retry-policy';

export const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });

export function failed(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}

/**
 * `attempt(remainingMillis)` makes one request (0 = no limit). `timeoutMillis` 0 = no deadline;
 * `signal` ends the loop early (shutdown).
 */
export async function sendWithRetry(
  attempt: (remainingMillis: number) => Promise<AttemptOutcome>,
  timeoutMillis: number,
  signal: AbortSignal,
): Promise<ExportResult> {
  const deadline = timeoutMillis > 0 ? Date.now() + timeoutMillis : Infinity;
  for (let retry = 0; ; retry++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return failed(new Error(`export deadline of ${timeoutMillis} ms reached`));
    const outcome = await attempt(Number.isFinite(remaining) ? remaining : 0);
    if (outcome.kind === 'fatal') return failed(outcome.error);

    let error: Error;
    let wait: number | undefined;
    if (outcome.kind === 'response') {
      if (outcome.status >= 200 && outcome.status < 300) return SUCCESS;
      error = new Error(`Zipkin answered HTTP ${outcome.status}${outcome.body ? `: ${outcome.body}` : ''}`);
      if (!isRetryableStatus(outcome.status)) return failed(error);
      wait = retryAfterMillis(outcome.retryAfter);
    } else {
      error = outcome.error;
    }
    if (retry >= MAX_RETRIES) return failed(error);
    const delay = Math.max(0, wait ?? backoffMillis(retry + 1));
    if (Date.now() + delay >= deadline) return failed(error);
    if (!(await sleep(delay, signal))) return failed(new Error('export aborted: the exporter was shut down'));
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. The timer never holds the process. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (signal.aborted) return resolve(false);
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
