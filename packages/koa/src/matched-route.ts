/**
 * The route template `@koa/router` matched, read when the response ends (the span is named then,
 * SPEC-NOTES §5.1). The router leaves two things on `ctx`:
 * - `_matchedRoute`: the path of the layer that ran last — a route (`/api/users/:id`, prefixes of
 *   the router and of any parent router included), but also a `router.use()` layer, whose "path"
 *   is a mount point or a regexp source such as `(?:\/|$)`, when that one ran last (it threw
 *   before the route ran, or the route called `next()`);
 * - `matched`: every layer whose path matched, across all routers that saw the request.
 * So `_matchedRoute` is trusted only when it is a route's path; otherwise the route is the last one
 * matching path and method, which is the one the router itself chose before running its layers.
 */

/** What `@koa/router` (and koa-router before it) puts on the context; none of it is in Koa's types. */
interface RouterLayer {
  readonly path?: unknown;
  readonly methods?: unknown;
}

interface RoutedContext {
  readonly method: string;
  readonly _matchedRoute?: unknown;
  readonly matched?: unknown;
}

function isRoute(layer: RouterLayer | undefined): layer is RouterLayer & { methods: string[] } {
  return Array.isArray(layer?.methods) && layer.methods.length > 0;
}

/** The matched route template, or undefined (nothing matched: 404/405, or a RegExp route). */
export function matchedRoute(ctx: RoutedContext): string | undefined {
  const route = ctx._matchedRoute;
  if (typeof route !== 'string') return undefined;
  const layers = ctx.matched;
  if (!Array.isArray(layers)) return route; // a router that only sets `_matchedRoute`
  const candidates = layers as Array<RouterLayer | undefined>;
  if (candidates.some((layer) => isRoute(layer) && layer.path === route)) return route;
  const method = ctx.method.toUpperCase();
  for (let i = candidates.length - 1; i >= 0; i--) {
    const layer = candidates[i];
    if (isRoute(layer) && typeof layer.path === 'string' && layer.methods.includes(method)) return layer.path;
  }
  return undefined;
}
