import { Writable } from 'node:stream';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { traceMixin } from '@tracewire/pino';
import { createTracer } from '@tracewire/core';
import { tracewire } from '../src';
import { loggerHasTraceMixin } from '../src/log-ids';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MAJORS: Array<[string, typeof import('fastify').default]> = [['fastify 5', require('fastify')], ['fastify 4', require('fastify4')]];

describe('loggerHasTraceMixin', () => {
  test('true for a pino logger (and its children) whose mixin is traceMixin, false otherwise', () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const withMixin = pino({ mixin: traceMixin() }, sink);
    expect(loggerHasTraceMixin(withMixin)).toBe(true);
    expect(loggerHasTraceMixin(withMixin.child({ a: 1 }).child({ b: 2 }))).toBe(true);
    expect(loggerHasTraceMixin(pino(sink))).toBe(false);
    expect(loggerHasTraceMixin(pino({ mixin: () => ({}) }, sink))).toBe(false);
    expect(loggerHasTraceMixin(undefined)).toBe(false);
  });
});

describe.each(MAJORS)('%s: the plugin with a traceMixin logger', (_name, fastify) => {
  test('every line carries the ids exactly once, with no logIds option needed', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } });
    const app = fastify({ logger: { stream, mixin: traceMixin(), level: 'info' } } as never);
    await app.register(tracewire, { tracer: createTracer({ register: false, env: {} }) });
    app.get('/users/:id', async (req) => {
      req.log.info('loading user');
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/users/1', agent: false, headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    } finally {
      await app.close();
    }
    const withIds = lines.filter((line) => line.includes('trace_id'));
    expect(withIds.length).toBeGreaterThanOrEqual(2); // the app's line and Fastify's "request completed"
    for (const line of withIds) {
      expect(line.match(/"trace_id"/g)).toHaveLength(1);
      expect(JSON.parse(line).trace_id).toBe(TRACE_ID);
    }
  });
});
