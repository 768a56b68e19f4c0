// @ts-check
'use strict';
// A Fastify app with tracewire: one line, `await app.register(tracewire)`. Every request continues
// the caller's trace (or starts one), gets a SERVER span named after its route, and every
// `request.log` line carries trace_id / span_id / trace_flags. Spans go to the console.
//
//   node index.js          serve on $PORT (default 3000) until Ctrl-C
//   node index.js --once   serve on a free port, send itself one traced request, print, exit 0

const { createTracer } = require('@tracewire/core');
const { tracewire } = require('@tracewire/fastify');
const Fastify = require('fastify');

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

async function buildApp() {
  // the process-wide tracer the plugin uses; OTEL_* variables can configure the same instead
  createTracer({ serviceName: 'fastify-app', exporter: 'console' });

  // JSON log lines on stdout (pino, Fastify's logger)
  const app = Fastify({ logger: true });
  await app.register(tracewire); // the one line

  app.get('/users/:id', async (request) => {
    request.log.info('loading user');
    await new Promise((resolve) => setTimeout(resolve, 10)); // pretend to query a database
    const { id } = /** @type {{ id: string }} */ (request.params);
    return { id, name: `user ${id}`, traceId: request.tracewire.traceId };
  });
  return app;
}

async function once() {
  const app = await buildApp();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const response = await fetch(`${address}/users/42`, { headers: { traceparent: TRACEPARENT } });
  console.log(JSON.stringify({ client: 'response', status: response.status, traceresponse: response.headers.get('traceresponse'), body: await response.json() }));
  // graceful shutdown: onClose flushes the tracer, so the span is printed before the exit
  await app.close();
}

async function serve() {
  const app = await buildApp();
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => void app.close());
  }
}

(process.argv.includes('--once') ? once() : serve()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
