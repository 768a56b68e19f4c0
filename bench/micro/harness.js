'use strict';
// A minimal, bounded micro-benchmark harness: warm up, then time fixed-size rounds and report the
// median (the machine is shared and noisy, so one round means little). Loops are bounded by
// iteration count, never by wall time, so a run always ends.

const { performance } = require('node:perf_hooks');

let sink; // results go here so the JIT cannot drop the work

function measure(name, fn, { iterations = 200_000, rounds = 7 } = {}) {
  for (let i = 0; i < Math.min(iterations, 50_000); i++) sink = fn(i);
  const nsPerOp = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = fn(i);
    nsPerOp.push(((performance.now() - start) * 1e6) / iterations);
  }
  nsPerOp.sort((a, b) => a - b);
  const median = nsPerOp[Math.floor(nsPerOp.length / 2)];
  return { name, nsPerOp: median, opsPerSec: 1e9 / median };
}

function report(results) {
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const ops = r.opsPerSec >= 1e6 ? `${(r.opsPerSec / 1e6).toFixed(2)} M/s` : `${(r.opsPerSec / 1e3).toFixed(0)} k/s`;
    console.log(`${r.name.padEnd(width)}  ${r.nsPerOp.toFixed(1).padStart(8)} ns/op  ${ops.padStart(10)}`);
  }
  return sink === undefined ? results : results;
}

module.exports = { measure, report };
