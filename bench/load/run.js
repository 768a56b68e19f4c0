'use strict';
// Load benchmark: `node load/run.js [framework|all] [scenarios] [rounds] [seconds]`.
// Each scenario's server runs in its own process and autocannon in this one, both on 127.0.0.1.
// Rounds interleave the scenarios (A B C A B C ...) so machine drift hits all alike; the report
// gives medians and the ratio of each scenario to `bare` measured in the same run, plus the CPU
// time the server spent per request. Every loop is bounded: rounds × scenarios × seconds.

const { spawn } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const FRAMEWORKS = ['express', 'koa', 'fastify'];
const [fwArg = 'all', scenarioArg = 'bare,als-only,tracewire,tracewire-export', roundsArg = '3', secondsArg = '5'] = process.argv.slice(2);
const frameworks = fwArg === 'all' ? FRAMEWORKS : fwArg.split(',');
const scenarios = scenarioArg.split(',');
const rounds = Math.max(1, Math.min(20, Number(roundsArg) || 3));
const seconds = Math.max(1, Math.min(60, Number(secondsArg) || 5));

function hex(n) {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[(Math.random() * 16) | 0];
  return s;
}

function startServer(framework, scenario) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'server.js'), framework, scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /port=(\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${framework}/${scenario} server exited with ${code}`)));
  });
}

function cpuMicros(pid) {
  // utime + stime of the server process, in clock ticks (100 Hz on Linux)
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

async function measure(framework, scenario) {
  const { child, port } = await startServer(framework, scenario);
  const opts = {
    url: `http://127.0.0.1:${port}/users/42`,
    connections: 50,
    pipelining: 1,
    // a different valid traceparent on every request, as real traffic has
    requests: [{ setupRequest: (req) => ({ ...req, headers: { traceparent: `00-${hex(32)}-${hex(16)}-01` } }) }],
  };
  await autocannon({ ...opts, duration: 1 }); // warm-up: JIT, connections
  const cpuBefore = cpuMicros(child.pid);
  const result = await autocannon({ ...opts, duration: seconds });
  const cpuAfter = cpuMicros(child.pid);
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  const total = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerReq: total > 0 ? (cpuAfter - cpuBefore) / total : NaN,
    errors: result.errors + result.non2xx,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main() {
  for (const framework of frameworks) {
    const samples = Object.fromEntries(scenarios.map((s) => [s, []]));
    for (let round = 0; round < rounds; round++) {
      for (const scenario of scenarios) samples[scenario].push(await measure(framework, scenario));
    }
    const bare = median(samples.bare?.map((s) => s.rps) ?? [NaN]);
    console.log(`\n${framework}: ${rounds} interleaved rounds × ${seconds}s, 50 connections, medians`);
    console.log('scenario           req/s   vs bare   p50 ms  p99 ms  cpu µs/req  errors');
    for (const scenario of scenarios) {
      const s = samples[scenario];
      const rps = median(s.map((x) => x.rps));
      console.log(
        `${scenario.padEnd(16)} ${rps.toFixed(0).padStart(7)}  ${(rps / bare).toFixed(2).padStart(7)}  ${median(s.map((x) => x.p50)).toFixed(1).padStart(7)} ${median(s.map((x) => x.p99)).toFixed(1).padStart(7)}  ${median(s.map((x) => x.cpuPerReq)).toFixed(0).padStart(10)}  ${s.reduce((a, x) => a + x.errors, 0)}`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
