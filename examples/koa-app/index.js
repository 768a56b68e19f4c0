// @ts-check
'use strict';
// A Koa app traced with one line. `node index.js` serves on PORT (default 3000) until stopped;
// `node index.js --once` listens on a free port, sends itself one request carrying a traceparent,
// prints the handler's log line and the SERVER span (console exporter), and exits.

const Koa = require('koa');
const Router = require('@koa/router');
const { createTracer, currentIds } = require('@tracewire/core');
const { tracewire } = require('@tracewire/koa');

// Where spans go: the console here; OTEL_TRACES_EXPORTER=otlp (with @tracewire/otlp) in production.
const tracer = createTracer({ serviceName: 'koa-app', exporter: 'console' });

/** One JSON log line carrying the active trace ids, as @tracewire/pino or winston would write it. */
function log(msg, fields = {}) {
  const ids = currentIds();
  const trace = ids ? { trace_id: ids.traceId, span_id: ids.spanId, trace_flags: ids.traceFlags } : {};
  console.log(JSON.stringify({ msg, ...fields, ...trace }));
}

const app = new Koa();
app.use(tracewire()); // the one line

const router = new Router();
router.get('/users/:id', async (ctx) => {
  await new Promise((resolve) => setTimeout(resolve, 10)); // a pretend database call
  log('user looked up', { user: ctx.params.id, request_id: ctx.state.tracewire.requestId });
  ctx.body = { id: ctx.params.id, name: 'Ada' };
});
app.use(router.routes()).use(router.allowedMethods());

async function once() {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  console.log(`sending GET /users/42 with traceparent ${traceparent}`);
  const response = await fetch(`http://127.0.0.1:${port}/users/42`, { headers: { traceparent } });
  console.log(`got ${response.status} ${await response.text()} traceresponse ${response.headers.get('traceresponse')}`);
  await new Promise((resolve) => server.close(resolve));
  await tracer.shutdown(); // flushes the span to the console
}

if (process.argv.includes('--once')) {
  once().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  const port = Number(process.env.PORT ?? 3000);
  app.listen(port, () => console.log(`listening on http://localhost:${port} — try: curl -i localhost:${port}/users/42`));
}
