// @ts-check
'use strict';
// What every demo service shares: its tracer (spans to its own JSONL file, and to an OTLP
// collector too when OTEL_EXPORTER_OTLP_ENDPOINT is set), and its life cycle as a child process
// of the demo: listen on a free port of 127.0.0.1, tell the parent the URL, and on "stop" close,
// flush every span and leave.

const { createTracer } = require('@tracewire/core');

/** The exporters: always the JSONL file the demo reads back; OTLP on top when a collector is named. */
function exporters() {
  const list = ['jsonl'];
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) list.push('otlp');
  return list;
}

function startTracer() {
  return createTracer({
    serviceName: process.env.OTEL_SERVICE_NAME,
    exporter: exporters(),
    jsonlFile: process.env.TRACEWIRE_JSONL_FILE,
    // short batches: a demo wants its spans on disk soon; shutdown flushes the rest anyway
    batch: { scheduledDelayMillis: 200 },
  });
}

/**
 * Runs a service: `listen(port)` resolves with the URL; `close()` stops it. Reports the URL to
 * the demo over IPC and shuts down (server, then tracer) when the demo says "stop".
 * @param {import('@tracewire/core').Tracer} tracer
 * @param {{ listen(): Promise<string>, close(): Promise<void> }} service
 */
async function serve(tracer, service) {
  const url = await service.listen();
  process.send?.({ type: 'listening', url });
  process.on('message', async (message) => {
    if (/** @type {{ type?: string }} */ (message).type !== 'stop') return;
    await service.close();
    await tracer.shutdown();
    process.disconnect?.();
  });
}

/** `fetch` that fails on a non-2xx answer, as a real client library would. */
async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw Object.assign(new Error(`GET ${url} answered ${response.status}`), { status: response.status });
  return response.json();
}

module.exports = { startTracer, serve, getJson };
