#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Starts the W3C trace-context test service: `PORT=5000 node server.js`.
 * Environment: PORT (required), HOST (default 127.0.0.1), TEST_PATH (default /test), and any
 * OTEL_* variable the tracer understands (e.g. OTEL_TRACES_EXPORTER=console to see the spans).
 */

const NAME = 'w3c-test-service';
/** How long in-flight requests may take to finish after SIGTERM/SIGINT before being cut. */
const GRACE_MS = 5000;

/** @param {string | undefined} text */
function parsePort(text) {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** @param {string} message */
function fail(message) {
  console.error(`${NAME}: ${message}`);
  process.exit(1);
}

function main() {
  const port = parsePort(process.env.PORT);
  if (port === undefined) {
    const got = process.env.PORT === undefined ? 'it is not set' : `got ${JSON.stringify(process.env.PORT)}`;
    return fail(`PORT must be a TCP port number from 1 to 65535 (${got}); e.g. PORT=5000 npm start`);
  }
  const host = process.env.HOST || '127.0.0.1';
  const testPath = process.env.TEST_PATH || '/test';
  if (!testPath.startsWith('/')) return fail(`TEST_PATH must start with "/" (got ${JSON.stringify(testPath)})`);

  // Loaded after the checks above so a configuration mistake is reported as such, even when the
  // core has not been built yet.
  let core;
  try {
    core = require('@tracewire/core');
  } catch (error) {
    return fail(`cannot load @tracewire/core; run "npm install && npm run build" at the repository root (${error})`);
  }
  const { createTestService } = require('./src/service');

  const tracer = core.createTracer({ serviceName: NAME });
  const server = createTestService({ tracer, testPath });

  server.on('error', (error) => fail(`cannot listen on ${host}:${port}: ${error.message}`));
  server.listen(port, host, () => {
    console.log(`${NAME} listening on http://${host}:${port}${testPath}`);
  });

  let stopping = false;
  /** @param {NodeJS.Signals} signal */
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${NAME}: ${signal} received, shutting down`);
    // close() waits for in-flight requests; after the grace period they are cut.
    const cut = setTimeout(() => server.closeAllConnections(), GRACE_MS);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      tracer.shutdown(GRACE_MS).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
