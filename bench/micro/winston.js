'use strict';
// Cost of trace ids in winston lines, in ns per log call, to a transport that discards (so the
// pipeline stays synchronous and we time formatting, not I/O). Run after `npx tsc -b packages/*`:
// `node bench/micro/winston.js`. The cases run in interleaved rounds (order rotated each round) and
// we report the median, because the machine is shared and noisy and drift would otherwise favour
// whichever case ran first. Bounded by iteration counts: ~15 s.

const { performance } = require('node:perf_hooks');
const winston = require('winston');
const TransportStream = require('winston-transport');
const core = require('@tracewire/core');
const { traceFormat, captureTraceIds } = require('@tracewire/winston');

const ITERATIONS = 20_000;
const ROUNDS = 31;
const { combine, json } = winston.format;

class Discard extends TransportStream {
  log(_info, callback) {
    callback();
  }
}

function logger(format, capture) {
  const created = winston.createLogger({ format, transports: [new Discard()] });
  return capture ? captureTraceIds(created) : created;
}

const tracer = core.createTracer({ register: false, env: {} });
const remote = core.extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
// a real SERVER span's context, as an adapter would make it active for the request
const inSpan = tracer.startActiveSpan('GET /orders/:id', { kind: core.SpanKind.SERVER }, remote, () => core.active());

// reference: a format writing the same three values as constants — what the extra bytes and one
// more format in combine() cost, whoever computes them
const constantIds = winston.format((info) => {
  info.trace_id = '4bf92f3577b34da6a3ce929d0e0e4736';
  info.span_id = '00f067aa0ba902b7';
  info.trace_flags = '01';
  return info;
});

const cases = [
  { name: 'plain winston json()', log: logger(json(), false), context: undefined },
  { name: 'reference: 3 constant fields + json()', log: logger(combine(constantIds(), json()), false), context: undefined },
  { name: '+ traceFormat(), outside a span', log: logger(combine(traceFormat(), json()), false), context: undefined },
  { name: '+ traceFormat(), inside a span', log: logger(combine(traceFormat(), json()), false), context: inSpan },
  { name: '+ traceFormat() + captureTraceIds, outside', log: logger(combine(traceFormat(), json()), true), context: undefined },
  { name: '+ traceFormat() + captureTraceIds, inside', log: logger(combine(traceFormat(), json()), true), context: inSpan },
];

function timeRound(c) {
  return core.run(c.context, () => {
    const start = performance.now();
    for (let i = 0; i < ITERATIONS; i++) c.log.info('order paid', { orderId: i });
    return ((performance.now() - start) * 1e6) / ITERATIONS;
  });
}

for (const c of cases) timeRound(c); // warm-up
const samples = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < cases.length; k++) {
    const index = (k + round) % cases.length;
    samples[index].push(timeRound(cases[index]));
  }
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = cases.map((c, i) => ({ name: c.name, ns: median(samples[i]) }));
const plain = results[0].ns;
const width = Math.max(...results.map((r) => r.name.length));
console.log(`winston ${require('winston/package.json').version}, node ${process.version}, ${ITERATIONS} calls x ${ROUNDS} interleaved rounds, median`);
console.log(`${'case'.padEnd(width)}  ${'ns/call'.padStart(8)}  ${'vs plain'.padStart(8)}`);
for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.ns.toFixed(0).padStart(8)}  ${`${(r.ns / plain).toFixed(2)}x`.padStart(8)}`);

Promise.all(cases.map((c) => new Promise((resolve) => c.log.once('finish', resolve).end())))
  .then(() => tracer.shutdown())
  .then(() => process.exit(0));
