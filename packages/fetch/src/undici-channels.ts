/**
 * fetch and the npm `undici` package, through undici's diagnostics channels: `undici:request:create`
 * fires in the caller's async context and lets a subscriber add headers, so no global is patched.
 * Every dispatch — each redirect hop and each retry — is its own request object, so each gets its
 * own CLIENT span. The later channels fire in whatever context the socket is in, which is why the
 * call travels on the request object, never through `active()`.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { CarrierSetter } from '@tracewire/core';
import { endClientCall, recordStatus, startClientCall, type ClientCall } from './client-call';
import type { OutboundConfig } from './config';
import { LazyDestination } from './destination';
import { kClientCall } from './internal/symbols';

interface UndiciRequest {
  method?: string;
  origin?: unknown;
  path?: string;
  /** undici 6+: a flat [name, value, ...] array; undici 5: one `name: value\r\n` string */
  headers?: unknown;
  addHeader(name: string, value: string): unknown;
  [kClientCall]?: ClientCall;
}

function hasHeader(request: UndiciRequest, name: string): boolean {
  const headers = request.headers;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      if (typeof headers[i] === 'string' && (headers[i] as string).toLowerCase() === name) return true;
    }
    return false;
  }
  if (typeof headers === 'string') return headers.toLowerCase().split('\r\n').some((line) => line.startsWith(`${name}:`));
  return false;
}

/** A header the caller set (`traceparent` of their own, say) is never overwritten or doubled. */
const undiciSetter: CarrierSetter<UndiciRequest> = {
  set(request, key, value) {
    if (!hasHeader(request, key)) request.addHeader(key, value);
  },
};

export interface ChannelSubscription {
  unsubscribe(): void;
}

export function subscribeUndici(config: () => OutboundConfig): ChannelSubscription {
  const onCreate = (message: unknown): void => {
    try {
      const request = (message as { request?: UndiciRequest }).request;
      if (request === undefined || typeof request.addHeader !== 'function' || request[kClientCall] !== undefined) return;
      const current = config();
      if (!current.fetch) return;
      const destination = new LazyDestination(undefined, request.origin, typeof request.path === 'string' ? request.path : '/');
      const call = startClientCall(current, request.method ?? 'GET', destination, request, undiciSetter);
      if (call !== undefined) request[kClientCall] = call;
    } catch {
      // outbound tracing is best-effort: the request goes ahead untouched
    }
  };
  const onHeaders = (message: unknown): void => {
    const { request, response } = message as { request?: UndiciRequest; response?: { statusCode?: number } };
    const call = request?.[kClientCall];
    if (call !== undefined && typeof response?.statusCode === 'number') recordStatus(call, response.statusCode);
  };
  const onEnd = (message: unknown): void => {
    const { request, error } = message as { request?: UndiciRequest; error?: unknown };
    const call = request?.[kClientCall];
    if (call === undefined) return;
    request![kClientCall] = undefined;
    try {
      endClientCall(call, error);
    } catch {
      // never into undici's stack
    }
  };
  const subscriptions: Array<[string, (message: unknown) => void]> = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:trailers', onEnd],
    ['undici:request:error', onEnd],
  ];
  for (const [name, fn] of subscriptions) diagnosticsChannel.subscribe(name, fn);
  return {
    unsubscribe() {
      for (const [name, fn] of subscriptions) diagnosticsChannel.unsubscribe(name, fn);
    },
  };
}
