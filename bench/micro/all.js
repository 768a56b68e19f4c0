'use strict';
// Every micro benchmark, one after another, each in a process of its own (so one's JIT state and
// patched modules never reach the next): `npm run bench:micro` or `npm run bench:micro -- core pino`.
//
//   core     ids, traceparent parse/format, tracestate, baggage, extract, span start+end
//            (propagate-only, sampled, unsampled), currentIds
//   pino     a pino line without and with traceMixin (and OpenTelemetry's instrumentation-pino)
//   winston  a winston line without and with traceFormat
//   fetch    one instrumented fetch / http.get vs bare
//   otlp     OTLP encoding and encode+send throughput
//   samplers the head and tail samplers' per-span cost

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ALL = ['core', 'pino', 'winston', 'fetch', 'otlp', 'samplers'];
const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = chosen.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown micro benchmark: ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(1);
}

let failed = 0;
for (const name of chosen.length > 0 ? chosen : ALL) {
  console.log(`\n## micro/${name}.js\n`);
  // bounded by each script's own counts; the timeout only guards against a hang
  const result = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (result.status !== 0) {
    failed += 1;
    console.error(`micro/${name}.js failed (${result.signal || result.status})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
