'use strict';
// Per-call cost of outbound instrumentation: a bare fetch / http.get against the same call with
// @tracewire/fetch enabled (outside a trace, inside one in propagate-only mode, inside one with
// every CLIENT span recorded into a batch processor).
//
//   npx tsc -b packages/* && node bench/micro/fetch.js [rounds] [calls]
//
// - The server (keep-alive, answers "ok") runs in this parent process; each scenario is a child
//   process of its own (instrumentation patches process-wide state), driven over IPC one at a
//   time, in interleaved rounds with a rotating order so machine drift hits every scenario alike.
// - Each round: `calls` sequential requests. Reported: median wall µs per call and median client
//   CPU µs per call (process.cpuUsage of the child: what the app pays), as ratios to bare and to
//   bare inside an AsyncLocalStorage context (the floor any context propagation pays).
// - Loops are bounded by counts; the server listens on 127.0.0.1 only.

const { fork } = require('node:child_process');
const http = require('node:http');

const ROUNDS = clamp(Number(process.argv[2]) || 9, 3, 41);
const CALLS = clamp(Number(process.argv[3]) || 2000, 200, 20000);
const SCENARIOS = [
  'fetch bare',
  'fetch bare, inside AsyncLocalStorage.run',
  'fetch instrumented, outside a trace',
  'fetch instrumented, propagate-only span',
  'fetch instrumented, recorded span',
  'http.get bare',
  'http.get bare, inside AsyncLocalStorage.run',
  'http.get instrumented, recorded span',
];

function clamp(value, min, max) {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

async function child(name, port) {
  const core = require('../../packages/core/dist');
  const url = `http://127.0.0.1:${port}/`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const viaFetch = name.startsWith('fetch');
  const instrumented = name.includes('instrumented');
  const recorded = name.includes('recorded');
  const exporter = { export: async () => ({ code: 0 }), shutdown: async () => undefined };
  const tracer = core.createTracer({ env: {}, exporter: recorded ? exporter : undefined, batch: { scheduledDelayMillis: 200 } });
  if (instrumented) require('../../packages/fetch/dist').instrumentOutbound();
  const one = viaFetch
    ? async () => (await fetch(url)).text()
    : () => new Promise((resolve, reject) => {
        http.get(url, { agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
      });
  const inTrace = !name.includes('outside') && instrumented;
  // the floor: the same calls inside a plain AsyncLocalStorage context, which makes Node carry a
  // store through every promise and socket callback the client creates (what any context costs)
  const als = name.includes('AsyncLocalStorage') ? new (require('node:async_hooks').AsyncLocalStorage)() : undefined;
  const around = (fn) => (inTrace
    ? tracer.startActiveSpan('request', { kind: core.SpanKind.SERVER }, () => fn())
    : als !== undefined ? als.run({ request: true }, fn) : fn());
  process.on('message', async () => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await around(one);
    const wall = Number(process.hrtime.bigint() - start) / 1000 / CALLS;
    const used = process.cpuUsage(cpu);
    process.send({ wall, cpu: (used.user + used.system) / CALLS });
  });
  process.send('ready');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const server = http.createServer((req, res) => res.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const children = await Promise.all(SCENARIOS.map((name) => new Promise((resolve) => {
    const proc = fork(__filename, ['--child', name, String(port)], { stdio: 'inherit' });
    proc.once('message', () => resolve({ name, proc, wall: [], cpu: [] }));
  })));
  for (let round = 0; round <= ROUNDS; round++) {
    for (let k = 0; k < children.length; k++) {
      const c = children[(k + round) % children.length];
      const result = await new Promise((resolve) => { c.proc.once('message', resolve); c.proc.send('go'); });
      if (round > 0) { c.wall.push(result.wall); c.cpu.push(result.cpu); } // round 0 warms up
    }
  }
  for (const c of children) c.proc.kill();
  server.close();
  server.closeAllConnections();
  const base = (name) => children.find((c) => c.name === name);
  console.log(`node ${process.version}, ${ROUNDS} rounds × ${CALLS} sequential calls, medians`);
  console.log(`${'scenario'.padEnd(46)} ${'wall µs'.padStart(8)} ${'÷bare'.padStart(6)} ${'CPU µs'.padStart(8)} ${'÷bare'.padStart(6)} ${'÷ALS'.padStart(6)}`);
  for (const c of children) {
    const client = c.name.startsWith('fetch') ? 'fetch' : 'http.get';
    const bare = base(`${client} bare`);
    const floor = base(`${client} bare, inside AsyncLocalStorage.run`);
    const w = median(c.wall), u = median(c.cpu);
    console.log(`${c.name.padEnd(46)} ${w.toFixed(1).padStart(8)} ${(w / median(bare.wall)).toFixed(2).padStart(6)} ${u.toFixed(1).padStart(8)} ${(u / median(bare.cpu)).toFixed(2).padStart(6)} ${(u / median(floor.cpu)).toFixed(2).padStart(6)}`);
  }
}

if (process.argv[2] === '--child') child(process.argv[3], Number(process.argv[4]));
else main().catch((error) => { console.error(error); process.exitCode = 1; });
