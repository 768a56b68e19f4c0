'use strict';
// Load benchmark harness (`npm run bench -- …`; `node bench/load/run.js --help` for the forms).
// Each scenario's server runs in its own process, autocannon in this one, the discarding OTLP
// receiver in a third, all on 127.0.0.1. Rounds interleave the scenarios (A B C … A B C …) so
// machine drift hits all of them alike; the tables give medians, throughput as a ratio to `bare`
// from the same run, CPU µs per request of the server process, p50/p99 latency and RSS.
// Every loop is bounded: frameworks × rounds × scenarios × (warm-up + measured run).

const fs = require('node:fs');
const os = require('node:os');
const { parseArgs, USAGE } = require('./args');
const { describeEnvironment, frameworkVersions } = require('./environment');
const { measureScenario } = require('./measure');
const { startReceiver } = require('./processes');
const { summarise, frameworkTable, targetsTable } = require('./report');
const { soak } = require('./soak');

function limitsFor(options) {
  if (options.mode === 'smoke') return { warmup: { amount: 50 }, run: { amount: 300 } };
  return { warmup: { seconds: 1 }, run: { seconds: options.seconds } };
}

async function load(options, receiver) {
  const config = { connections: options.connections, profileDir: options.profileDir, ...limitsFor(options) };
  const what = options.mode === 'smoke' ? 'smoke: 1 round × 300 requests' : `${options.rounds} interleaved rounds × ${options.seconds} s`;
  console.log(`\n${what}, ${options.connections} connections, medians; one pino line per request\n`);
  const rowsByFramework = {};
  const samples = {};
  for (const framework of options.frameworks) {
    samples[framework] = Object.fromEntries(options.scenarios.map((s) => [s, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const scenario of options.scenarios) {
        samples[framework][scenario].push(await measureScenario(framework, scenario, config, receiver));
      }
    }
    rowsByFramework[framework] = summarise(samples[framework]);
    console.log(`${frameworkTable(framework, frameworkVersions(), rowsByFramework[framework])}\n`);
  }
  const targets = targetsTable(rowsByFramework);
  const caveat = options.mode === 'smoke' ? ' (smoke run: a few hundred requests, these ratios mean nothing)' : '';
  if (targets) console.log(`### Targets${caveat}\n\n${targets}\n`);
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return { samples, summary: rowsByFramework };
}

async function main() {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  console.log(describeEnvironment(argv));
  const receiver = await startReceiver();
  try {
    const result = options.mode === 'soak' ? await soak(options, receiver) : await load(options, receiver);
    if (options.jsonFile) fs.writeFileSync(options.jsonFile, `${JSON.stringify({ argv, options, ...result }, null, 2)}\n`);
  } finally {
    await receiver.stop();
  }
}

main().catch((error) => {
  console.error(error && error.message ? error.message : error);
  process.exitCode = 1;
});
