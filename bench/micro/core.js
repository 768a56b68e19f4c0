'use strict';
// Hot paths of @tracewire/core in ns/op: id generation, header codecs, span start+end, and the
// cost of entering a context. Run after `npm run build`: `node bench/micro/core.js` (or all the
// micro benchmarks: `npm run bench:micro`).
// Ratios (e.g. span vs bare AsyncLocalStorage.run) matter more than absolute numbers here.

const { AsyncLocalStorage } = require('node:async_hooks');
const core = require('@tracewire/core');
const { measure, report } = require('./harness');

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TS = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,vendor@sys=abc';
const BAGGAGE = 'userId=alice,serverNode=DF%2028,isProduction=false;p=1';
const headers = { traceparent: TP, tracestate: TS, host: 'example', 'user-agent': 'bench' };

class DiscardExporter {
  export() {
    return Promise.resolve({ code: core.ExportResultCode.SUCCESS });
  }
  shutdown() {
    return Promise.resolve();
  }
}

const propagateOnly = core.createTracer({ register: false, env: {} });
const recording = core.createTracer({
  register: false,
  env: {},
  exporter: new DiscardExporter(),
  batch: { maxQueueSize: 1_000_000, maxExportBatchSize: 512, scheduledDelayMillis: 50 },
});
// an exporter is configured but the sampler says no: spans are non-recording (unsampled)
const unsampled = core.createTracer({ register: false, env: {}, exporter: new DiscardExporter(), sampler: core.alwaysOff() });
const sc = core.parseTraceparent(TP);
const parsedState = core.TraceState.parse(TS);
const als = new AsyncLocalStorage();
const store = {};

const results = [
  measure('generateTraceId', () => core.generateTraceId()),
  measure('generateSpanId', () => core.generateSpanId()),
  measure('parseTraceparent', () => core.parseTraceparent(TP)),
  measure('formatTraceparent', () => core.formatTraceparent(sc)),
  measure('TraceState.parse (3 members)', () => core.TraceState.parse(TS)),
  measure('TraceState.serialize', () => parsedState.serialize()),
  measure('Baggage.parse (3 members)', () => core.Baggage.parse(BAGGAGE)),
  measure('extract (traceparent+tracestate)', () => core.extract(headers)),
  measure('AsyncLocalStorage.run (floor)', () => als.run(store, () => 1)),
  measure('span start+end, propagate-only', () => propagateOnly.startSpan('GET /users/:id').end(), { iterations: 100_000 }),
  measure('span start+end, sampled (recording+batched)', () => recording.startSpan('GET /users/:id').end(), { iterations: 100_000 }),
  measure('span start+end, unsampled (sampler off)', () => unsampled.startSpan('GET /users/:id').end(), { iterations: 100_000 }),
  measure('startActiveSpan, propagate-only', () => propagateOnly.startActiveSpan('op', (s) => s), { iterations: 100_000 }),
  measure('currentIds() inside a span', () => core.currentIds(), { iterations: 200_000 }),
];
report(results);
Promise.all([recording.shutdown(), unsampled.shutdown()]).then(() => process.exit(0));
