/**
 * The route template for the span name (`GET /api/users/:id`), recorded while Express routes:
 * the templates of the routers (and sub-apps) the request entered, then the path of the route
 * that handled it. `req.baseUrl` alone would not do: it holds the real prefix (`/tenants/42`,
 * high cardinality), and Express restores it as routers exit, before the response ends.
 */
import type { LayerShape, Next, RouteShape, RoutedRequest } from './internal/express-shapes';
import { formatPath, joinTemplate, mountTemplate } from './path-template';
import type { MountFrame, RequestState } from './request-state';

/** Whether a router with prefix `outer` can contain one with prefix `inner`. */
function contains(outer: string, inner: string): boolean {
  return outer === '' || inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}

/** The innermost frame that can enclose `actual`, forgetting frames of routers the request has left. */
function enclosingFrame(mounts: MountFrame[], actual: string, exact: boolean): MountFrame {
  while (mounts.length > 1) {
    const top = mounts[mounts.length - 1]!;
    if (exact ? top.actual === actual : contains(top.actual, actual)) break;
    mounts.pop();
  }
  return mounts[mounts.length - 1]!;
}

function pushMount(state: RequestState, req: RoutedRequest, given: unknown, names: readonly string[]): void {
  const mounts = state.mounts;
  const actual = typeof req.baseUrl === 'string' ? req.baseUrl : mounts[mounts.length - 1]!.actual;
  const parent = enclosingFrame(mounts, actual, false);
  const consumed = actual.startsWith(parent.actual) ? actual.slice(parent.actual.length) : actual;
  mounts.push({ actual, template: parent.template + mountTemplate(given, consumed, names, req.params) });
}

/** Parameter names of a mount layer: Express 4 keeps them on the layer, else the request has them. */
function parameterNames(layer: LayerShape, params: Readonly<Record<string, unknown>> | undefined): string[] {
  if (Array.isArray(layer.keys)) return layer.keys.map((key: { name?: unknown }) => String(key?.name));
  return params === undefined ? [] : Object.keys(params);
}

/**
 * Called as a mounted router is entered (`req.baseUrl` already includes its prefix); returns the
 * `next` to hand it, which forgets the router when it passes the request on.
 */
export function enterRouter(state: RequestState, layer: LayerShape, req: RoutedRequest, next: Next): Next {
  const depth = state.mounts.length;
  // router 2.3+ (Express 5) keeps the mount path as given; Express 4 only its parameter names
  pushMount(state, req, layer.rawPath, parameterNames(layer, req.params));
  return function leaveRouter(err?: unknown) {
    if (state.mounts.length > depth) state.mounts.length = depth;
    next(err);
  };
}

/**
 * Called when a mounted sub-application's own `tracewire()` runs: the sub-app keeps its mount path
 * (`app.mountpath`). Express gives no signal when the sub-app is left; the frame is forgotten when
 * routing is seen outside it.
 */
export function enterSubApp(state: RequestState, req: RoutedRequest, mountpath: unknown): void {
  const actual = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  if (enclosingFrame(state.mounts, actual, false).actual === actual) return; // mounted at '/': nothing consumed
  pushMount(state, req, mountpath, req.params === undefined ? [] : Object.keys(req.params));
}

/**
 * Called as a matched route starts dispatching; returns the `next` to hand it. A route that passes
 * the request on without an error (`next()`, `next('route')`, `next('router')`) did not handle it,
 * so the previous route (usually none: a 404 keeps the bare method) is restored.
 */
export function enterRoute(state: RequestState, route: RouteShape, req: RoutedRequest, next: Next): Next {
  const previous = state.route;
  const path = formatPath(route.path);
  if (path !== undefined) {
    const frame = enclosingFrame(state.mounts, typeof req.baseUrl === 'string' ? req.baseUrl : '', true);
    state.route = joinTemplate(frame.template, path);
  }
  return function leaveRoute(err?: unknown) {
    if (!err || err === 'route' || err === 'router') state.route = previous;
    next(err);
  };
}
