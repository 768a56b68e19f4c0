/**
 * How tracewire learns the route and sees errors without patching Express's modules: at the first
 * request (and whenever a stack has grown since), it looks at the layers of the app's router and
 * gives three kinds an own dispatch method that does a little bookkeeping, then calls Express's:
 * - a route (`app.get(path, …)`): remembers the route template while the route runs;
 * - a mounted router (`app.use('/api', router)`): remembers the mount template while inside;
 * - an error handler (4 arguments): reports the error to the trace first.
 * The layer's `handle` (the user's function) is never replaced, so Express's arity checks,
 * `layer.name` and route listings are unchanged. Nested routers and routes are looked at the
 * first time a request enters them. A mounted sub-application (`app.use(subApp)`) is reached only
 * through its own `tracewire()`: Express keeps no reference to the sub-app on the parent's layer.
 */
import {
  type AnyFunction,
  type LayerShape,
  type Next,
  type RoutedRequest,
  appRouterOf,
  layerMethodNames,
  mountedRouterStack,
} from './internal/express-shapes';
import { kInstrumented, kSeenLength } from './internal/symbols';
import { ensureErrorRecorder, isErrorRecorder, recordingErrorDispatch } from './errors';
import { type RequestState, requestStateOf } from './request-state';
import { enterRoute, enterRouter } from './routing';

/** Makes sure the app serving `req` is instrumented; cheap when nothing was added since. */
export function instrumentApp(req: RoutedRequest): void {
  const router = appRouterOf(req);
  if (router === undefined) return;
  ensureErrorRecorder(router);
  instrumentStack(router.stack);
}

export function instrumentStack(stack: unknown): void {
  if (!Array.isArray(stack)) return;
  const seen = stack as unknown[] & { [kSeenLength]?: number };
  if (seen[kSeenLength] === stack.length) return;
  for (const layer of stack) instrumentLayer(layer);
  Object.defineProperty(seen, kSeenLength, { value: stack.length, writable: true, configurable: true });
}

function instrumentLayer(candidate: unknown): void {
  if (typeof candidate !== 'object' || candidate === null) return;
  const layer = candidate as LayerShape & { [kInstrumented]?: boolean };
  if (layer[kInstrumented] === true) return;
  Object.defineProperty(layer, kInstrumented, { value: true });
  const names = layerMethodNames(layer);
  if (names === undefined) return;

  const route = layer.route;
  if (route !== undefined && route !== null && Array.isArray(route.stack)) {
    override(layer, names.request, (original) =>
      function dispatchRoute(this: unknown, req: RoutedRequest, res: unknown, next: Next) {
        return original.call(this, req, res, guarded(req, next, (state) => {
          instrumentStack(route.stack);
          return enterRoute(state, route, req, next);
        }));
      },
    );
    return;
  }
  const nested = mountedRouterStack(layer);
  if (nested !== undefined) {
    override(layer, names.request, (original) =>
      function dispatchRouter(this: unknown, req: RoutedRequest, res: unknown, next: Next) {
        return original.call(this, req, res, guarded(req, next, (state) => {
          instrumentStack(nested);
          return enterRouter(state, layer, req, next);
        }));
      },
    );
    return;
  }
  if (typeof layer.handle === 'function' && layer.handle.length === 4 && !isErrorRecorder(layer.handle)) {
    override(layer, names.error, recordingErrorDispatch);
  }
}

/**
 * The `next` to hand Express: the bookkeeping one for a traced request, else (untraced, or the
 * bookkeeping failed) Express's own — routing must never depend on tracewire.
 */
function guarded(req: RoutedRequest, next: Next, track: (state: RequestState) => Next): Next {
  const state = requestStateOf(req);
  if (state === undefined) return next;
  try {
    return track(state);
  } catch {
    return next;
  }
}

/** Gives `layer` an own, non-enumerable `name` method built around the one it had. */
function override(layer: object, name: string, build: (original: AnyFunction) => AnyFunction): void {
  const original = (layer as Record<string, unknown>)[name];
  if (typeof original !== 'function') return;
  Object.defineProperty(layer, name, { value: build(original as AnyFunction), writable: true, configurable: true, enumerable: false });
}
