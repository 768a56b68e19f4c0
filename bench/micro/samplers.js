'use strict';
// Per-span cost of each sampler and of the tail-sampling processor, in ns/op. Run after building
// core (`npx tsc -b packages/core`): `node bench/micro/samplers.js`.
//
// Three views: the bare decision (`shouldSample` on a pool of random trace ids), a root span's
// start+end through a recording tracer whose only processor discards (so the numbers are the
// sampler's and the span's, not an exporter's), and the same with a TailSamplingProcessor in front
// of that processor — for one-span traces and per span of four-span traces. Compare against the
// alwaysOn / no-tail rows of the same run: absolute numbers move with the (shared) machine.

const { execFileSync } = require('node:child_process');
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

const samplers = {
  alwaysOn: () => core.alwaysOn(),
  'parentBased(alwaysOn) (default)': () => core.parentBased({ root: core.alwaysOn() }),
  'traceIdRatio(0.1)': () => core.traceIdRatio(0.1),
  'rateLimited(100/s), drops almost all': () => core.rateLimited(100),
  'rateLimited(1e9/s), samples all': () => core.rateLimited(1e9),
  'adaptive(100/s)': () => core.adaptive(100),
  'parentBased(rateLimited(100/s))': () => core.parentBased({ root: core.rateLimited(100) }),
  'parentBased(adaptive(100/s))': () => core.parentBased({ root: core.adaptive(100) }),
};

function tracer(sampler, processor) {
  return core.createTracer({ register: false, env: {}, sampler, spanProcessors: [processor] });
}
const rules = { slowMillis: 1000, attributes: { 'http.route': '/checkout' }, ratio: 0.1 };
const withTail = () => tracer(undefined, new core.TailSamplingProcessor({ next: discard(), rules }));
const withoutTail = () => tracer(undefined, discard());
const oneSpan = (t) => () => t.startSpan('GET /users/:id', { attributes: { 'http.route': '/users/:id' } }).end();
/** A root and three children; reported per span (÷ 4). */
function fourSpans(t) {
  return () => {
    const root = t.startSpan('GET /users/:id', { attributes: { 'http.route': '/users/:id' } });
    const context = core.withSpan(undefined, root);
    for (let c = 0; c < 3; c++) t.startSpan('db.query', {}, context).end();
    root.end();
  };
}
const perSpan = (r, spans) => ({ ...r, nsPerOp: r.nsPerOp / spans, opsPerSec: r.opsPerSec * spans });

// Each scenario runs in a process of its own: in one process, every tracer and processor would
// share the JIT's call-site feedback, and the later scenarios would pay for the earlier ones.
const scenarios = {};
for (const [name, make] of Object.entries(samplers)) {
  scenarios[`decision: ${name}`] = () => {
    const sampler = make();
    return measure(`decision: ${name}`, (i) => sampler.shouldSample(params[i & 4095]).decision, { iterations: 500_000 });
  };
  scenarios[`root span start+end: ${name}`] = () => measure(`root span start+end: ${name}`, oneSpan(tracer(make(), discard())), { iterations: 100_000 });
}
scenarios['1-span traces, no tail (baseline)'] = () => measure('1-span traces, no tail (baseline)', oneSpan(withoutTail()), { iterations: 100_000 });
scenarios['1-span traces, tail (errors, slow, attribute, 10 %)'] = () =>
  measure('1-span traces, tail (errors, slow, attribute, 10 %)', oneSpan(withTail()), { iterations: 100_000 });
scenarios['4-span traces, no tail (baseline), per span'] = () =>
  perSpan(measure('4-span traces, no tail (baseline), per span', fourSpans(withoutTail()), { iterations: 25_000 }), 4);
scenarios['4-span traces, tail, per span'] = () => perSpan(measure('4-span traces, tail, per span', fourSpans(withTail()), { iterations: 25_000 }), 4);

const only = process.argv[2];
if (only !== undefined) {
  process.stdout.write(`${JSON.stringify(scenarios[only]())}\n`);
  process.exit(0);
}
const results = Object.keys(scenarios).map((name) => {
  const out = execFileSync(process.execPath, [__filename, name], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
});
report(results);
