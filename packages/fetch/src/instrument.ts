/**
 * The one outbound instrumentation of the process. Its state lives on globalThis under a
 * `Symbol.for` key, so enabling it again — from a second adapter, a second copy of this package,
 * or the user's own call — never subscribes twice, wraps `http.request` twice, or doubles headers
 * or spans. The first call installs; a later call with options replaces the configuration.
 */
import { invalidOption } from '@tracewire/core';
import { resolveConfig, type OutboundConfig } from './config';
import { kOutboundState } from './internal/symbols';
import { patchNodeHttp, type HttpPatch } from './node-http';
import type { OutboundInstrumentation, OutboundOption, OutboundOptions } from './types';
import { subscribeUndici, type ChannelSubscription } from './undici-channels';

interface OutboundState {
  config: OutboundConfig;
  /** set by an explicit `instrumentOutbound(options)`, so an adapter's default does not reset it */
  configured: boolean;
  undici: ChannelSubscription | undefined;
  http: HttpPatch | undefined;
}

type GlobalWithState = typeof globalThis & { [kOutboundState]?: OutboundState };
const slot = globalThis as GlobalWithState;

const handle: OutboundInstrumentation = {
  get enabled() {
    return slot[kOutboundState] !== undefined;
  },
  disable() {
    const state = slot[kOutboundState];
    if (state === undefined) return;
    slot[kOutboundState] = undefined;
    state.undici?.unsubscribe();
    state.http?.restore();
  },
};

/**
 * Propagates the active trace on every outbound `fetch`/undici and `http(s).request`/`get` made
 * inside it, with one CLIENT span per attempt. Idempotent. Bad options throw TracewireError here.
 */
export function instrumentOutbound(options?: OutboundOptions): OutboundInstrumentation {
  const config = options === undefined ? undefined : resolveConfig(options);
  let state = slot[kOutboundState];
  if (state === undefined) {
    state = { config: config ?? resolveConfig(), configured: config !== undefined, undici: undefined, http: undefined };
    slot[kOutboundState] = state;
    const current = (): OutboundConfig => slot[kOutboundState]?.config ?? state!.config;
    state.undici = subscribeUndici(current);
    state.http = patchNodeHttp(current);
  } else if (config !== undefined) {
    state.config = config;
    state.configured = true;
  }
  return handle;
}

/**
 * What the server adapters call with their `outbound` option: on by default (true or omitted),
 * off with false, configured with an object. Invalid values throw at setup.
 */
export function applyOutboundOption(option: OutboundOption | undefined): void {
  if (option === false) return;
  if (option === undefined || option === true) {
    instrumentOutbound();
    return;
  }
  if (option === null || typeof option !== 'object') throw invalidOption('outbound', option, 'true, false or an object of outbound options');
  instrumentOutbound(option);
}
