// @ts-check
'use strict';
// An Express app traced with one line. `node index.js` serves on $PORT (default 3000);
// `node index.js --once` listens on a free port, sends itself one request that carries a
// traceparent, prints the handler's log line and the SERVER span, and exits.

const http = require('node:http');
const express = require('express');
const { createTracer, currentIds } = require('@tracewire/core');
const { tracewire } = require('@tracewire/express');

// the process-wide tracer tracewire() uses; the console exporter prints each span
const tracer = createTracer({ serviceName: 'express-app', exporter: 'console' });

const app = express();
app.use(tracewire()); // the one line

app.get('/users/:id', (req, res) => {
  // what a log adapter (@tracewire/pino, @tracewire/winston) adds to every line
  const ids = currentIds();
  console.log(JSON.stringify({ msg: 'loading user', user: req.params.id, trace_id: ids?.traceId, span_id: ids?.spanId, trace_flags: ids?.traceFlags }));
  res.json({ id: req.params.id, name: 'Ada' });
});

/** GET path with a traceparent, on a connection of its own (closed afterwards). */
function get(port, path, traceparent) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { traceparent }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    });
    req.on('error', reject);
  });
}

async function once() {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const headers = await get(port, '/users/42', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  console.log(`traceresponse: ${headers.traceresponse}`);
  // the span ends when the response's connection closes; closing the server waits for that
  await new Promise((resolve) => server.close(resolve));
  await tracer.shutdown(); // prints the span
}

if (process.argv.includes('--once')) {
  once().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  const port = Number(process.env.PORT ?? 3000);
  app.listen(port, () => console.log(`listening on http://localhost:${port}/users/42`));
}
