// Export list only (DESIGN §3).
import type { RequestTrace } from '@tracewire/core';
import { tracewire } from './plugin';

export { tracewire };
export type { TracewireFastifyOptions } from './types';
export type { RequestTrace } from '@tracewire/core';

// `import tracewire from '@tracewire/fastify'` (and `app.register(require('@tracewire/fastify'))`,
// which Fastify unwraps through `.default`)
export default tracewire;

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's trace: ids, span, context (null only before tracewire's onRequest hook). */
    tracewire: RequestTrace;
  }
}
