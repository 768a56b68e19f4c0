/**
 * The parts of Express's router tracewire reads, for both majors; none of them is in
 * @types/express. Express 4 keeps its router in `lib/router` (layer methods `handle_request` /
 * `handle_error`, the app's router at `app._router`, and reading `app.router` throws there);
 * Express 5 uses the `router` package (`handleRequest` / `handleError`, the app's router at
 * `app.router`). Everything is checked before use: an unexpected shape means "leave it alone".
 */
import type { IncomingMessage } from 'node:http';

export type Next = (err?: unknown) => void;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- layer methods take Express's own arguments
export type AnyFunction = (...args: any[]) => unknown;

export interface RouteShape {
  /** The path given to `app.get(path, …)` / `router.route(path)`: a string, a RegExp or an array. */
  readonly path: unknown;
  readonly stack: unknown;
}

export interface LayerShape {
  readonly handle: unknown;
  readonly route?: RouteShape;
  /** Express 4 (and router before 2.3): the parameter names of the layer's path. */
  readonly keys?: unknown;
  /** router 2.3+ (Express 5): the path given to `use()` / `route()`, kept as it was given. */
  readonly rawPath?: unknown;
}

export interface RouterShape {
  readonly stack: unknown[];
  use(fn: AnyFunction): unknown;
}

/** The request as Express's router leaves it. */
export interface RoutedRequest extends IncomingMessage {
  app?: unknown;
  baseUrl?: string;
  params?: Record<string, unknown>;
}

export interface LayerMethodNames {
  readonly request: string;
  readonly error: string;
}

const EXPRESS_5: LayerMethodNames = { request: 'handleRequest', error: 'handleError' };
const EXPRESS_4: LayerMethodNames = { request: 'handle_request', error: 'handle_error' };

/** Which method names this layer dispatches through, or undefined when it is not a known layer. */
export function layerMethodNames(layer: object): LayerMethodNames | undefined {
  const methods = layer as Record<string, unknown>;
  if (typeof methods.handleRequest === 'function' && typeof methods.handleError === 'function') return EXPRESS_5;
  if (typeof methods.handle_request === 'function' && typeof methods.handle_error === 'function') return EXPRESS_4;
  return undefined;
}

function isRouterShape(value: unknown): value is RouterShape {
  return (
    (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
    Array.isArray((value as { stack?: unknown }).stack) &&
    typeof (value as { use?: unknown }).use === 'function'
  );
}

/** A layer whose handle is a Router (`app.use('/api', router)`): it has its own stack. */
export function mountedRouterStack(layer: LayerShape): unknown[] | undefined {
  const handle: unknown = layer.handle;
  if (typeof handle !== 'function') return undefined;
  const stack = (handle as { stack?: unknown }).stack;
  return Array.isArray(stack) ? stack : undefined;
}

interface AppShape {
  readonly _router?: unknown;
  readonly router?: unknown;
  set(name: string): unknown;
}

/** The Express app serving this request (Express puts it on the request's prototype). */
function appOf(req: RoutedRequest): AppShape | undefined {
  const app: unknown = req.app;
  return typeof app === 'function' && typeof (app as { set?: unknown }).set === 'function' ? (app as unknown as AppShape) : undefined;
}

/** The router of the Express app serving this request (Express 4 first: its `app.router` throws). */
export function appRouterOf(req: RoutedRequest): RouterShape | undefined {
  const app = appOf(req);
  if (app === undefined) return undefined;
  if (isRouterShape(app._router)) return app._router;
  try {
    // Express 5: a lazy getter; Express 4 defines one that throws (it has `_router` instead)
    const router = app.router;
    return isRouterShape(router) ? router : undefined;
  } catch {
    return undefined;
  }
}

/** Express's `trust proxy` setting, read as "are forwarding headers believed at all". */
export function appTrustsProxy(req: RoutedRequest): boolean {
  // app.set(name) with one argument reads a setting in both majors (app.get(name) does too, but
  // it shares its name with the GET route registrar)
  return Boolean(appOf(req)?.set('trust proxy'));
}
