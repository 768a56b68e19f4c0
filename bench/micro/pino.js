'use strict';
// ns per pino log call: plain pino, pino + @tracewire/pino's traceMixin (outside and inside a
// span), and OpenTelemetry's @opentelemetry/instrumentation-pino in the same run for comparison.
//
//   npx tsc -b packages/* && node bench/micro/pino.js [rounds] [iterations]
//
// - One sink for every scenario: a destination whose write() does nothing. Serialisation is all
//   pino's and the mixin's work; no I/O noise.
// - Every scenario runs in a process of its own (this script with --child <name>), driven over
//   IPC: OpenTelemetry's instrumentation patches pino when it is required, and a process holding
//   several logger set-ups makes pino's own code polymorphic, which no real app (one logger
//   set-up) pays. Only one process runs at a time: the parent asks for a round and waits.
// - Rounds interleave every scenario (rotating the order each round) so machine drift hits all of
//   them alike; the first round is a warm-up and is discarded; the table gives the median (and
//   the fastest round, which noise from other processes can only make slower).
// - Every loop is bounded by counts (rounds × scenarios × iterations), never by wall time.

const { fork } = require('node:child_process');

const ROUNDS = clamp(Number(process.argv[2]) || 21, 3, 51);
const ITERATIONS = clamp(Number(process.argv[3]) || 50_000, 10_000, 1_000_000);
const MESSAGE = 'order placed';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function clamp(value, min, max) {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

const discard = { write() {} };

/** ns per call of `log.info(MESSAGE)`, for one round. `around` runs the loop (in a span, or not). */
function timeRound(log, around, iterations) {
  return around(() => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) log.info(MESSAGE);
    return Number(process.hrtime.bigint() - start) / iterations;
  });
}

const direct = (fn) => fn();

/** What one scenario's logger writes, captured once before timing: proves the scenario does what it says. */
function firstLine(makeLogger, around) {
  let line;
  const log = makeLogger({ write: (s) => (line ??= JSON.parse(s)) });
  around(() => log.info(MESSAGE));
  return line;
}

// ---------------------------------------------------------------------------------------------
// scenarios: each builds its logger factory and the function its loop runs in (in a span or not)
// ---------------------------------------------------------------------------------------------

function tracewireSetup() {
  const core = require('@tracewire/core');
  // a context holding a started span, as inside a request (propagate-only: no exporter, which
  // does not change what a log call costs)
  const tracer = core.createTracer({ register: false, env: {} });
  const context = tracer.startActiveSpan('GET /orders/:id', {}, core.extract({ traceparent: TRACEPARENT }), () => core.active());
  return { core, inSpan: (fn) => core.run(context, fn) };
}

function otelSetup(config) {
  const api = require('@opentelemetry/api');
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino');
  new NodeTracerProvider().register(); // AsyncLocalStorage context manager, W3C propagator
  registerInstrumentations({ instrumentations: [new PinoInstrumentation(config)] });
  const pino = require('pino'); // required after the instrumentation: the patched export
  const tracer = api.trace.getTracer('bench');
  const inSpan = (fn) =>
    tracer.startActiveSpan('GET /orders/:id', (span) => {
      try {
        return fn();
      } finally {
        span.end();
      }
    });
  return { make: (dest) => pino({}, dest), inSpan };
}

const SCENARIOS = {
  plain: {
    label: '(1) plain pino',
    wantIds: false,
    setup: () => ({ make: (dest) => require('pino')({}, dest), around: direct }),
  },
  'tw-out': {
    label: '(2) pino + traceMixin, outside a span',
    wantIds: false,
    setup: () => {
      const { traceMixin } = require('@tracewire/pino');
      return { make: (dest) => require('pino')({ mixin: traceMixin() }, dest), around: direct };
    },
  },
  'floor-out': {
    // what any mixin costs pino (a call, a merge into what it returns)
    label: '    floor: pino + a mixin returning {}',
    wantIds: false,
    setup: () => ({ make: (dest) => require('pino')({ mixin: () => ({}) }, dest), around: direct }),
  },
  'tw-in': {
    label: '(3) pino + traceMixin, inside a span',
    wantIds: true,
    setup: () => {
      const { inSpan } = tracewireSetup();
      const { traceMixin } = require('@tracewire/pino');
      return { make: (dest) => require('pino')({ mixin: traceMixin() }, dest), around: inSpan };
    },
  },
  'floor-in': {
    // what pino costs to write the same three fields when they come for free (a constant
    // literal, no context lookup): traceMixin's own share is the difference to (3)
    label: '    floor: pino + a mixin returning the 3 ids as a literal',
    wantIds: true,
    setup: () => {
      const { core, inSpan } = tracewireSetup();
      const ids = inSpan(() => core.currentIds());
      const mixin = () => ({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: ids.traceFlags });
      return { make: (dest) => require('pino')({ mixin }, dest), around: direct };
    },
  },
  'otel-out': {
    // log correlation only, like traceMixin: records are not also sent to the OTel Logs API
    label: '(4) pino + OTel instrumentation-pino, outside a span',
    wantIds: false,
    setup: () => ({ ...otelSetup({ disableLogSending: true }), around: direct }),
  },
  'otel-in': {
    label: '(5) pino + OTel instrumentation-pino, inside a span',
    wantIds: true,
    setup: () => {
      const { make, inSpan } = otelSetup({ disableLogSending: true });
      return { make, around: inSpan };
    },
  },
  'otel-send-in': {
    // the instrumentation's default: every record also goes to the Logs API (here the no-op
    // provider) through pino.multistream
    label: '    (5) with its default log sending on, inside a span',
    wantIds: true,
    setup: () => {
      const { make, inSpan } = otelSetup({});
      return { make, around: inSpan };
    },
  },
};

// ---------------------------------------------------------------------------------------------
// driving the rounds
// ---------------------------------------------------------------------------------------------

function childMain(name) {
  const scenario = SCENARIOS[name];
  const { make, around } = scenario.setup();
  // what the scenario's logger writes, checked once: it must carry ids exactly when it should
  const line = firstLine(make, around);
  const hasIds = typeof line.trace_id === 'string' && typeof line.span_id === 'string';
  if (hasIds !== scenario.wantIds) throw new Error(`scenario ${name}: expected ${scenario.wantIds ? '' : 'no '}ids, got ${JSON.stringify(line)}`);
  const log = make(discard);
  process.on('message', (msg) => {
    if (msg.type === 'round') process.send({ ns: timeRound(log, around, msg.iterations) });
    else process.disconnect();
  });
  process.send({ ready: true });
}

function ask(child, message) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`scenario process exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (reply) => {
      child.off('exit', onExit);
      resolve(reply);
    });
    if (message !== undefined) child.send(message);
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function parentMain() {
  const names = Object.keys(SCENARIOS);
  const children = new Map();
  try {
    for (const name of names) {
      const child = fork(__filename, ['--child', name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.set(name, child);
      await ask(child); // started one at a time: start-up work does not overlap
    }
    const samples = new Map(names.map((name) => [name, []]));
    for (let round = 0; round <= ROUNDS; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + round) % names.length];
        const { ns } = await ask(children.get(name), { type: 'round', iterations: ITERATIONS });
        if (round > 0) samples.get(name).push(ns); // round 0 warms every scenario up
      }
    }
    printTable(names, samples);
  } finally {
    for (const child of children.values()) if (child.connected) child.send({ type: 'exit' });
  }
}

function printTable(names, samples) {
  const med = new Map(names.map((name) => [name, median(samples.get(name))]));
  const base = med.get('plain');
  const width = Math.max(...names.map((name) => SCENARIOS[name].label.length));
  console.log(`node ${process.version}, pino ${require('pino/package.json').version}; ${ROUNDS} interleaved rounds x ${ITERATIONS} calls of log.info('${MESSAGE}'), median; sink: write() {}; one process per scenario`);
  console.log(`${'scenario'.padEnd(width)}  ${'ns/call'.padStart(8)}  ${'vs (1)'.padStart(7)}  ${'+ns vs (1)'.padStart(10)}  ${'fastest'.padStart(8)}`);
  for (const name of names) {
    const ns = med.get(name);
    const extra = name === 'plain' ? '' : `${ns - base >= 0 ? '+' : ''}${(ns - base).toFixed(0)}`;
    const fastest = Math.min(...samples.get(name)).toFixed(0);
    console.log(`${SCENARIOS[name].label.padEnd(width)}  ${ns.toFixed(0).padStart(8)}  ${`${(ns / base).toFixed(2)}x`.padStart(7)}  ${extra.padStart(10)}  ${fastest.padStart(8)}`);
  }
  const tw = med.get('tw-in') - base;
  const otel = med.get('otel-in') - base;
  console.log(
    `inside a span: traceMixin adds ${tw.toFixed(0)} ns per call (${(med.get('tw-in') - med.get('floor-in')).toFixed(0)} ns of it its own, the rest pino writing 3 fields); ` +
      `OpenTelemetry's instrumentation adds ${otel.toFixed(0)} ns (traceMixin's extra = ${((100 * tw) / otel).toFixed(0)} % of OTel's)`,
  );
}

if (process.argv[2] === '--child') childMain(process.argv[3]);
else
  parentMain().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
