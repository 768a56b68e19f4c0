/**
 * Words what core's HTTP delivery reports as the OTLP exporter's errors (SPEC-NOTES 7.5): the
 * status with the server's message, why no retry followed, or what ended the export early.
 */
import type { HttpAttempt, HttpDeliveryResult } from '@tracewire/core';
import { readErrorMessage } from './error-message';

export interface FailureContext {
  /** names the destination in errors */
  readonly target: string;
  readonly timeoutMillis: number;
  /** the export's own signal: its reason says why it was aborted */
  readonly signal: AbortSignal;
}

/** The error a delivery that did not succeed ends the export with. */
export function deliveryError(result: HttpDeliveryResult, context: FailureContext): Error {
  const { last } = result;
  if (result.stop === 'aborted' || last === undefined || last.kind === 'aborted') return abortReason(context.signal);
  if (result.stop === 'deadline' || last.kind === 'timeout') {
    return new Error(`OTLP export to ${context.target} timed out after ${context.timeoutMillis} ms`);
  }
  if (last.kind === 'request-error') return last.error;
  if (last.kind === 'too-large') return fail(context, `HTTP ${last.status} with a response body over the 4 MiB limit`);
  const reason = last.kind === 'network-error' ? describe(last.error) : describeResponse(last);
  if (result.stop === 'retries-exhausted') return fail(context, `${reason}; gave up after ${result.attempts} attempts`);
  if (result.stop === 'no-time') {
    const wait = Math.round(result.waitMillis ?? 0);
    return fail(context, `${reason}; not retried: the next attempt (in ${wait} ms) would start after the export deadline`);
  }
  return fail(context, reason);
}

/** The first `Content-Type` of a response. */
export function contentTypeOf(response: Extract<HttpAttempt, { kind: 'response' }>): string | undefined {
  const value = response.headers['content-type'];
  return Array.isArray(value) ? value[0] : value;
}

function describeResponse(response: Extract<HttpAttempt, { kind: 'response' }>): string {
  const message = readErrorMessage(response.body, contentTypeOf(response));
  return `HTTP ${response.status}${message === undefined ? '' : ` (${message})`}`;
}

function fail(context: FailureContext, reason: string): Error {
  return new Error(`OTLP export to ${context.target} failed: ${reason}`);
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('export aborted');
}
