/**
 * Request ids: an incoming one is honoured only when it is short and made of safe characters (it
 * ends up in log lines and response headers, so it must not carry injection); otherwise one is
 * generated.
 */
import { randomUUID } from 'node:crypto';

const MAX_REQUEST_ID_LENGTH = 128;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._~:/+=@-]+$/;

export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_REQUEST_ID_LENGTH && SAFE_REQUEST_ID.test(value);
}

/** The incoming id when valid, else a new random UUID. */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? (incoming.length === 1 ? incoming[0] : undefined) : incoming;
  return isValidRequestId(value) ? value : randomUUID();
}
