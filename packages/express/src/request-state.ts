/**
 * What tracewire keeps on one request while Express routes it: the trace, the templates of the
 * routers the request is inside, and the route that is handling it. The span is named from it when
 * the response ends, by which time Express has restored `req.baseUrl` and may have moved on.
 */
import type { RequestTrace } from '@tracewire/core';
import type { RoutedRequest } from './internal/express-shapes';

export interface MountFrame {
  /** `req.baseUrl` inside this router: the real URL prefix (`/tenants/42`). */
  readonly actual: string;
  /** The same prefix as a template (`/tenants/:tenantId`). */
  readonly template: string;
}

export interface RequestState {
  readonly trace: RequestTrace;
  /** The routers the request is inside, outermost (the app) first; never empty. */
  readonly mounts: MountFrame[];
  /** The full template of the route handling the request, if one is. */
  route: string | undefined;
}

/**
 * Beside the request, not on it: Express 5 swaps the prototype of every req, after which each
 * property added to it costs microseconds (measured by the issue 9 load bench).
 */
const states = new WeakMap<object, RequestState>();

export function attachRequestState(req: RoutedRequest, trace: RequestTrace): RequestState {
  // the app's own prefix is '' unless tracewire() was mounted below the app (then it is literal)
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  const state: RequestState = { trace, mounts: [{ actual: base, template: base }], route: undefined };
  states.set(req, state);
  return state;
}

export function requestStateOf(req: unknown): RequestState | undefined {
  return typeof req === 'object' && req !== null ? states.get(req) : undefined;
}
