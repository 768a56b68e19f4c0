/**
 * Log correlation for free: after `app.register(tracewire)` every line written through
 * `request.log` or `reply.log` — the app's and Fastify's own — carries `trace_id`, `span_id`,
 * `trace_flags` (SPEC-NOTES OT-LOG field names), without a line of user code.
 */
import type { FastifyInstance } from 'fastify';
import { MAJORS, closeAll, startApp, type LogLine } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { TRACE_ID, PARENT_ID } from '../../../test-support/trace-ids';


afterEach(closeAll);

function routes(app: FastifyInstance): void {
  app.get('/users/:id', async (request, reply) => {
    request.log.info({ user: request.params }, 'loading user');
    reply.log.warn('through reply.log');
    return { spanId: request.tracewire.spanId };
  });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
}

/** The lines of one request (Fastify's reqId ties them together). */
function linesOf(lines: LogLine[], message: string): LogLine[] {
  const reqId = lines.find((l) => l.msg === message)?.reqId;
  expect(reqId).toBeDefined();
  return lines.filter((l) => l.reqId === reqId);
}

describe.each(MAJORS)('%s: request.log carries the trace ids', (_major, fastify) => {
  test('the app\'s lines and Fastify\'s "request completed" carry the request\'s ids', async () => {
    const h = await startApp(fastify, { routes });
    const res = await send(h.port, '/users/7', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    const spanId = res.json().spanId;
    const lines = linesOf(h.logs(), 'loading user');
    const withIds = lines.filter((l) => l.msg !== 'incoming request');
    expect(withIds.map((l) => l.msg)).toEqual(['loading user', 'through reply.log', 'request completed']);
    for (const line of withIds) {
      expect(line).toMatchObject({ trace_id: TRACE_ID, span_id: spanId, trace_flags: '01' });
    }
    // Fastify writes "incoming request" before any hook runs: it can carry no trace ids yet
    expect(lines.find((l) => l.msg === 'incoming request')).not.toHaveProperty('trace_id');
  });

  test('Fastify\'s error and not-found lines carry the ids too', async () => {
    const h = await startApp(fastify, { routes });
    const boom = await send(h.port, '/boom');
    const missing = await send(h.port, '/missing');
    const boomTrace = String(boom.headers.traceresponse).split('-')[1];
    const missingTrace = String(missing.headers.traceresponse).split('-')[1];
    const errorLine = h.logs().find((l) => l.msg === 'boom');
    expect(errorLine).toMatchObject({ level: 50, trace_id: boomTrace });
    const notFound = h.logs().find((l) => typeof l.msg === 'string' && l.msg.startsWith('Route GET:/missing not found'));
    expect(notFound).toMatchObject({ trace_id: missingTrace });
  });

  test('the child logger keeps the route\'s log level and Fastify\'s serializers', async () => {
    const h = await startApp(fastify, {
      routes: (app) => {
        app.get('/quiet', { logLevel: 'warn' }, async (request) => {
          request.log.info('hidden at warn level');
          request.log.warn('shown');
          return 'ok';
        });
      },
    });
    await send(h.port, '/quiet');
    const msgs = h.logs().map((l) => l.msg);
    expect(msgs).toContain('shown');
    expect(msgs).not.toContain('hidden at warn level');
    expect(h.logs().find((l) => l.msg === 'shown')?.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  test('disableRequestLogging still silences Fastify\'s own request lines', async () => {
    // Fastify 4 keeps this switch on the request's logger (the child must carry it); Fastify 5.12
    // moved it to a LogController and deprecated the top-level option
    const { LogController } = fastify as unknown as { LogController?: new (options: object) => object };
    const quiet = LogController === undefined ? { disableRequestLogging: true } : { logController: new LogController({ disableRequestLogging: true }) };
    const h = await startApp(fastify, { routes, fastify: quiet });
    await send(h.port, '/users/7');
    const msgs = h.logs().map((l) => l.msg);
    expect(msgs).toContain('loading user');
    expect(msgs).not.toContain('incoming request');
    expect(msgs).not.toContain('request completed');
  });

  test('logIds: false leaves request.log alone (context and spans still work)', async () => {
    const h = await startApp(fastify, { routes, plugin: { logIds: false } });
    await send(h.port, '/users/7');
    const line = h.logs().find((l) => l.msg === 'loading user');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('trace_id');
    expect(await h.spans(1)).toHaveLength(1);
  });

  test('with Fastify\'s logger off nothing breaks', async () => {
    const h = await startApp(fastify, { routes, fastify: { logger: false } });
    const res = await send(h.port, '/users/7');
    expect(res.status).toBe(200);
    expect(await h.spans(1)).toHaveLength(1);
  });
});

/**
 * A logger that is not pino: its children are fresh objects, not prototype-linked to the parent,
 * so nothing Fastify stored on the request's logger reaches tracewire's child by inheritance.
 */
function plainLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Record<string, unknown> {
  const write = (level: number) => (objOrMsg: unknown, msg?: string) => {
    const fields = typeof objOrMsg === 'object' && objOrMsg !== null ? objOrMsg : {};
    lines.push({ level, ...bindings, msg: typeof objOrMsg === 'string' ? objOrMsg : msg } as LogLine & typeof fields);
  };
  return {
    level: 'info',
    fatal: write(60), error: write(50), warn: write(40), info: write(30), debug: write(20), trace: write(10), silent: () => {},
    child: (more: Record<string, unknown>) => plainLogger(lines, { ...bindings, ...more }),
  };
}

describe.each(MAJORS)('%s: a logger that is not pino', (major, fastify) => {
  function loggerOptions(lines: LogLine[], quiet: boolean): Record<string, unknown> {
    const instance = plainLogger(lines);
    if (major === 'fastify 4') return { logger: instance, disableRequestLogging: quiet };
    const { LogController } = fastify as unknown as { LogController: new (options: object) => object };
    return { loggerInstance: instance, logger: undefined, logController: new LogController({ disableRequestLogging: quiet }) };
  }

  test('its child carries the ids; Fastify\'s request lines keep their switch', async () => {
    const loud: LogLine[] = [];
    const h = await startApp(fastify, { routes, fastify: loggerOptions(loud, false) });
    await send(h.port, '/users/7', { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    expect(loud.find((l) => l.msg === 'loading user')).toMatchObject({ trace_id: TRACE_ID, trace_flags: '01' });
    expect(loud.find((l) => l.msg === 'request completed')).toMatchObject({ trace_id: TRACE_ID });

    const quiet: LogLine[] = [];
    const q = await startApp(fastify, { routes, fastify: loggerOptions(quiet, true) });
    await send(q.port, '/users/7');
    const msgs = quiet.map((l) => l.msg);
    expect(msgs).toContain('loading user');
    expect(msgs).not.toContain('request completed');
  });
});
