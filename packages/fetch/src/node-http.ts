/**
 * `node:http` / `node:https` clients. Node 20's `http.client.request.start` channel fires after the
 * headers are written, too late to inject (DESIGN §6), so `request` and `get` are wrapped: the
 * ClientRequest is built, the CLIENT span started and the headers set before the caller can write.
 * The attempt is observed through one shared `emit` (no listener added: an 'error' listener of
 * ours would swallow errors the app means to crash on) and ends on 'close', which Node emits after
 * the response has been read, or after an error or abort.
 */
import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { active, type CarrierSetter } from '@tracewire/core';
import { endClientCall, recordStatus, startClientCall, type ClientCall } from './client-call';
import type { OutboundConfig } from './config';
import { LazyDestination } from './destination';
import { kClientCall, kWrapped } from './internal/symbols';

interface TrackedRequest extends ClientRequest {
  [kClientCall]?: TrackedCall;
}

interface TrackedCall extends ClientCall {
  readonly emit: ClientRequest['emit'];
  error: unknown;
}

type RequestFn = typeof http.request;
type Wrapped<F> = F & { [kWrapped]?: F };

const requestSetter: CarrierSetter<ClientRequest> = {
  set(req, key, value) {
    if (!req.hasHeader(key)) req.setHeader(key, value);
  },
};

function observedEmit(this: TrackedRequest, event: string | symbol, ...args: unknown[]): boolean {
  const call = this[kClientCall];
  if (call === undefined) return http.ClientRequest.prototype.emit.apply(this, [event, ...args] as Parameters<ClientRequest['emit']>);
  if (event === 'response') recordStatus(call, (args[0] as http.IncomingMessage).statusCode ?? 0);
  else if (event === 'error' && call.error === undefined) call.error = args[0] ?? new Error('request failed');
  const result = call.emit.apply(this, [event, ...args] as Parameters<ClientRequest['emit']>);
  if (event === 'close') {
    if (this.emit === (observedEmit as ClientRequest['emit'])) this.emit = call.emit;
    this[kClientCall] = undefined;
    try {
      endClientCall(call, call.error);
    } catch {
      // never into the app's event loop
    }
  }
  return result;
}

function track(req: TrackedRequest, scheme: string, config: OutboundConfig): void {
  // headers given as a raw array are written at construction: nothing can be added then
  if (req.headersSent || req[kClientCall] !== undefined) return;
  const authority = req.getHeader('host');
  const destination = new LazyDestination(scheme, typeof authority === 'string' ? authority : (req.host ?? 'localhost'), req.path ?? '/');
  const call = startClientCall(config, req.method ?? 'GET', destination, req as ClientRequest, requestSetter);
  if (call === undefined) return;
  req[kClientCall] = { span: call.span, statusCode: undefined, emit: req.emit, error: undefined };
  req.emit = observedEmit as ClientRequest['emit'];
}

function wrapRequest(original: RequestFn, scheme: string, config: () => OutboundConfig): Wrapped<RequestFn> {
  const request = function tracewireRequest(this: unknown, ...args: unknown[]): ClientRequest {
    const req = (original as (...a: unknown[]) => ClientRequest).apply(this, args);
    // the cheap check first: outside a trace nothing is done at all
    if (active()?.span !== undefined) {
      try {
        const current = config();
        if (current.http) track(req, scheme, current);
      } catch {
        // the request goes ahead untraced
      }
    }
    return req;
  } as Wrapped<RequestFn>;
  request[kWrapped] = original;
  return request;
}

/** `get` is `request` + `end()`; Node's own calls its module-local `request`, so it is rebuilt on ours. */
function wrapGet(module: typeof http, original: typeof http.get): Wrapped<typeof http.get> {
  const get = function tracewireGet(this: unknown, ...args: unknown[]): ClientRequest {
    const req = (module.request as (...a: unknown[]) => ClientRequest).apply(this, args);
    req.end();
    return req;
  } as Wrapped<typeof http.get>;
  get[kWrapped] = original;
  return get;
}

export interface HttpPatch {
  restore(): void;
}

export function patchNodeHttp(config: () => OutboundConfig): HttpPatch {
  const modules: Array<[typeof http, string]> = [
    [http, 'http'],
    [https as unknown as typeof http, 'https'],
  ];
  const patched: Array<{ module: typeof http; request: Wrapped<RequestFn>; get: Wrapped<typeof http.get> }> = [];
  for (const [module, scheme] of modules) {
    const request = wrapRequest(module.request, scheme, config);
    const get = wrapGet(module, module.get);
    patched.push({ module, request, get });
    module.request = request;
    module.get = get;
  }
  // ESM `import { request } from 'node:http'` sees the wrapped functions too
  syncBuiltinESMExports();
  return {
    restore() {
      for (const { module, request, get } of patched) {
        // put back only what is still ours: someone who wrapped after us keeps their wrapper
        if (module.request === request) module.request = request[kWrapped]!;
        if (module.get === get) module.get = get[kWrapped]!;
      }
      syncBuiltinESMExports();
    },
  };
}
