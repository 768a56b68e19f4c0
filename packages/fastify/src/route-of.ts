/**
 * What the adapter reads from a Fastify request, in one place, for Fastify 4 and 5 alike.
 */
import type { FastifyRequest } from 'fastify';

interface LegacyRequest {
  /** Fastify 4 before 4.10 only; deprecated later (FSTDEP017) and gone in 5. */
  readonly routerPath?: string;
}

/**
 * The matched route template (`/users/:id`, prefixes included), or undefined when no route
 * matched (a 404). Asked once, when the response ends: `routeOptions` builds a fresh object on
 * every read. `routerPath` is read only where `routeOptions` does not exist (Fastify < 4.10), so
 * newer Fastify 4 never prints its deprecation warning.
 */
export function routeOf(request: FastifyRequest): string | undefined {
  const routeOptions = request.routeOptions as FastifyRequest['routeOptions'] | undefined;
  if (routeOptions === undefined) return (request as unknown as LegacyRequest).routerPath;
  return routeOptions.url;
}

/**
 * Whether Fastify was configured to trust its proxy (`trustProxy` truthy): Fastify then builds
 * its requests with an `ips` property, which it does not define otherwise. Public API, and the
 * same answer in Fastify 4 and 5; Fastify keeps the option itself private.
 */
export function fastifyTrustsProxy(request: FastifyRequest): boolean {
  return 'ips' in request;
}
