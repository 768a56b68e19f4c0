/**
 * What tracewire keeps on one request while Express routes it: the trace, the templates of the
 * routers the request is inside, and the route that is handling it. The span is named from it when
 * the response ends, by which time Express has restored `req.baseUrl` and may have moved on.
 */
import type { RequestTrace } from '@tracewire/core';
import { kRequestState } from './internal/symbols';
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

type StatefulRequest = RoutedRequest & { [kRequestState]?: RequestState };

export function attachRequestState(req: RoutedRequest, trace: RequestTrace): RequestState {
  // the app's own prefix is '' unless tracewire() was mounted below the app (then it is literal)
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  const state: RequestState = { trace, mounts: [{ actual: base, template: base }], route: undefined };
  (req as StatefulRequest)[kRequestState] = state;
  return state;
}

export function requestStateOf(req: unknown): RequestState | undefined {
  return typeof req === 'object' && req !== null ? (req as StatefulRequest)[kRequestState] : undefined;
}
