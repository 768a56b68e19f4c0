'use strict';
// The cost of OTLP export: encoding throughput (protobuf vs JSON) for typical SERVER spans with
// ~12 attributes, then encode + send throughput to a local receiver that discards, and from the
// CPU it took, the share of one core export needs at 5,000 spans/s.
//
//   npx tsc -b packages/core packages/otlp && node bench/micro/otlp.js [batches]
//
// - Spans are real ReadableSpans from a core tracer (recorded in memory first), batches of 512
//   (the batch processor's default).
// - Encoding: ns per batch through the harness (median of rounds), reported as spans/s.
// - Sending: the receiver runs in a child process (its CPU is not counted); this process exports
//   `batches` batches one after another (as the batch processor does) and its CPU time
//   (process.cpuUsage: all threads, so gzip in the thread pool counts) is divided by the spans.
// - Loops are bounded by counts; the receiver listens on 127.0.0.1 only.

const { fork } = require('node:child_process');
const http = require('node:http');
const { performance } = require('node:perf_hooks');

if (process.argv[2] === '--receiver') {
  // Discards every body and answers 200 with an empty protobuf response.
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
  return;
}

const core = require('@tracewire/core');
const otlp = require('@tracewire/otlp');
const { measure, report } = require('./harness');

const BATCH = 512;
const BATCHES = Math.min(2000, Math.max(20, Math.floor(Number(process.argv[2]) || 200)));
const RATE = 5000;

/** 512 SERVER spans shaped like tracewire's HTTP server spans (§5.4), 12 attributes each. */
function makeBatch() {
  const memory = new core.InMemorySpanExporter({ maxSpans: BATCH });
  const tracer = core.createTracer({ register: false, env: {}, exporter: memory, serviceName: 'bench-api', serviceVersion: '1.4.2' });
  const parent = core.extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
  for (let i = 0; i < BATCH; i++) {
    const span = tracer.startSpan(
      'GET /users/:id',
      {
        kind: core.SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'url.path': `/users/${1000 + i}`,
          'url.scheme': 'http',
          'url.query': 'include=orders',
          'http.route': '/users/:id',
          'server.address': 'api.internal',
          'server.port': 8080,
          'network.protocol.version': '1.1',
          'client.address': '10.0.3.17',
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) bench/1.0',
          'http.response.status_code': 200,
          'http.request.body.size': 0,
        },
      },
      parent,
    );
    span.end();
  }
  return tracer.forceFlush().then(() => memory.getFinishedSpans().slice(0, BATCH));
}

function startReceiver() {
  const child = fork(__filename, ['--receiver'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', ({ port }) => resolve({ child, port })));
}

async function sendAll(exporter, batch) {
  for (let i = 0; i < 10; i++) await exporter.export(batch); // warm-up: connection, JIT
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < BATCHES; i++) {
    const result = await exporter.export(batch);
    if (result.code !== core.ExportResultCode.SUCCESS) throw result.error;
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const spans = BATCHES * BATCH;
  const cpuMicrosPerSpan = (cpu.user + cpu.system) / spans;
  return { spansPerSec: (spans / wallMs) * 1000, cpuMicrosPerSpan, shareAtRate: (RATE * cpuMicrosPerSpan) / 1e6 };
}

async function main() {
  const batch = await makeBatch();
  const model = core.toExportTraceServiceRequest(batch);
  const protobufBytes = otlp.encodeTraceRequest(model).length;
  const jsonBytes = Buffer.byteLength(JSON.stringify(model));
  console.log(`batch: ${BATCH} SERVER spans, 12 attributes each; protobuf ${protobufBytes} B, JSON ${jsonBytes} B (${(protobufBytes / BATCH).toFixed(0)} / ${(jsonBytes / BATCH).toFixed(0)} B per span)\n`);

  const options = { iterations: 100, rounds: 7 };
  const results = [
    measure('model (toExportTraceServiceRequest)', () => core.toExportTraceServiceRequest(batch), options),
    measure('protobuf: writer only (from the model)', () => otlp.encodeTraceRequest(model), options),
    measure('protobuf: model + writer', () => otlp.encodeTraceRequest(core.toExportTraceServiceRequest(batch)), options),
    measure('JSON: model + JSON.stringify', () => Buffer.from(JSON.stringify(core.toExportTraceServiceRequest(batch))), options),
  ];
  console.log('encoding, per batch of 512:');
  report(results);
  for (const r of results) console.log(`  ${r.name}: ${((BATCH * 1e9) / r.nsPerOp / 1e6).toFixed(2)} M spans/s, ${(r.nsPerOp / BATCH / 1000).toFixed(2)} µs/span`);

  const { child, port } = await startReceiver();
  console.log(`\nencode + send to a discarding receiver on 127.0.0.1 (${BATCHES} batches of ${BATCH}, sequential):`);
  try {
    for (const [name, extra] of [
      ['http/protobuf', {}],
      ['http/json', { protocol: 'http/json' }],
      ['http/protobuf + gzip', { compression: 'gzip' }],
    ]) {
      const exporter = new otlp.OtlpTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, env: {}, ...extra });
      const r = await sendAll(exporter, batch);
      await exporter.shutdown();
      console.log(
        `  ${name.padEnd(22)} ${(r.spansPerSec / 1000).toFixed(0).padStart(6)} k spans/s  ${r.cpuMicrosPerSpan.toFixed(2).padStart(6)} CPU µs/span  ` +
          `→ at ${RATE} spans/s: ${(r.shareAtRate * 100).toFixed(1)} % of one core`,
      );
    }
  } finally {
    child.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
