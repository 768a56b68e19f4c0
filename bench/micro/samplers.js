'use strict';
// Per-span cost of each sampler and of the tail-sampling processor, in ns/op. Run after building
// core (`npx tsc -b packages/core`): `node bench/micro/samplers.js`.
//
// Three views: the bare decision (`shouldSample` on a pool of random trace ids), a root span's
// start+end through a recording tracer whose only processor discards (so the numbers are the
// sampler's and the span's, not an exporter's), and the same with a TailSamplingProcessor in front
// of that processor — for one-span traces and per span of four-span traces. Compare against the
// alwaysOn / no-tail rows of the same run: absolute numbers move with the (shared) machine.

const core = require('@tracewire/core');
const { measure, report } = require('./harness');

const SUCCESS = Promise.resolve({ ok: true, timedOut: false });
/** The cheapest processor there is: what remains of a span's cost is the tracer's and the sampler's. */
function discard() {
  return { ended: 0, onStart() {}, onEnd() { this.ended++; }, forceFlush: () => SUCCESS, shutdown: () => SUCCESS };
}

const POOL = Array.from({ length: 4096 }, () => core.generateTraceId());
const params = POOL.map((traceId) => ({
  parent: undefined, traceId, name: 'GET /users/:id', kind: core.SpanKind.SERVER, attributes: {}, links: [], context: undefined,
}));

const samplers = [
  ['alwaysOn', () => core.alwaysOn()],
  ['parentBased(alwaysOn) (default)', () => core.parentBased({ root: core.alwaysOn() })],
  ['traceIdRatio(0.1)', () => core.traceIdRatio(0.1)],
  ['rateLimited(100/s) — drops almost all', () => core.rateLimited(100)],
  ['rateLimited(1e9/s) — samples all', () => core.rateLimited(1e9)],
  ['adaptive(100/s)', () => core.adaptive(100)],
  ['parentBased(rateLimited(100/s))', () => core.parentBased({ root: core.rateLimited(100) })],
  ['parentBased(adaptive(100/s))', () => core.parentBased({ root: core.adaptive(100) })],
];

const results = [];
for (const [name, make] of samplers) {
  const sampler = make();
  results.push(measure(`decision: ${name}`, (i) => sampler.shouldSample(params[i & 4095]).decision, { iterations: 500_000 }));
}

const tracers = [];
function tracer(sampler, processor) {
  const t = core.createTracer({ register: false, env: {}, sampler, spanProcessors: [processor] });
  tracers.push(t);
  return t;
}
for (const [name, make] of samplers) {
  const t = tracer(make(), discard());
  results.push(measure(`root span start+end: ${name}`, () => t.startSpan('GET /users/:id').end(), { iterations: 100_000 }));
}

const rules = { slowMillis: 1000, attributes: { 'http.route': '/checkout' }, ratio: 0.1 };
const plain = tracer(undefined, discard());
const tailed = tracer(undefined, new core.TailSamplingProcessor({ next: discard(), rules }));
const oneSpan = (t) => () => t.startSpan('GET /users/:id', { attributes: { 'http.route': '/users/:id' } }).end();
results.push(measure('1-span trace, no tail (baseline)', oneSpan(plain), { iterations: 100_000 }));
results.push(measure('1-span trace, tail (errors, slow, attribute, 10 %)', oneSpan(tailed), { iterations: 100_000 }));

/** A root and three children; reported per span (÷ 4). */
function fourSpans(t) {
  return () => {
    const root = t.startSpan('GET /users/:id', { attributes: { 'http.route': '/users/:id' } });
    const context = core.withSpan(undefined, root);
    for (let c = 0; c < 3; c++) t.startSpan('db.query', {}, context).end();
    root.end();
  };
}
for (const [name, t] of [['no tail (baseline)', plain], ['tail', tailed]]) {
  const r = measure(`4-span trace, ${name}, per span`, fourSpans(t), { iterations: 25_000 });
  results.push({ ...r, nsPerOp: r.nsPerOp / 4, opsPerSec: r.opsPerSec * 4 });
}

report(results);
Promise.all(tracers.map((t) => t.shutdown())).then(() => process.exit(0));
