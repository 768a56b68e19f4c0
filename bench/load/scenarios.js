'use strict';
// What each load scenario puts in front of the same handler, and the pino logger the handler
// writes its one line with. A scenario is made from `{ framework, otlpUrl, makeLogger(mixin) }` and
// is `{ mixin? | logger?, logField?, install: { express, koa, fastify }, logOf?, flush? }`:
// - mixin: the pino mixin its logger gets (log correlation), if any; or logger: one it made itself
// - logField: a field the handler's log line must carry, checked by the harness, so a scenario
//   that silently stopped correlating would fail the run rather than look fast
// - install[framework](app): adds the scenario's middleware / hooks / plugin (may return a promise)
// - logOf(rawRequest): the logger the handler uses (pino-http's per-request child); default the shared one
// - flush(): exports what is queued and resolves with the tracer's export counters, if any

const { AsyncLocalStorage } = require('node:async_hooks');

const none = { express() {}, koa() {}, fastify() {} };

function tracewire({ framework, otlpUrl }, { full }) {
  const core = require('@tracewire/core');
  const exporter = full ? new (require('@tracewire/otlp').OtlpTraceExporter)({ url: otlpUrl, env: {} }) : 'none';
  // env: {} so a stray OTEL_* variable in the shell cannot change what is measured
  const tracer = core.createTracer({ serviceName: `bench-${framework}`, exporter, env: {} });
  // propagate: no exporter and no outbound instrumentation; full: the adapters' default outbound
  // instrumentation (fetch + http.request patched; this handler makes no outbound call, so it
  // measures what being installed costs) and OTLP export with default batch settings
  const options = { outbound: full };
  return {
    mixin: require('@tracewire/pino').traceMixin(),
    logField: 'trace_id',
    install: {
      express: (app) => app.use(require('@tracewire/express').tracewire(options)),
      koa: (app) => app.use(require('@tracewire/koa').tracewire(options)),
      // the handler logs with the shared pino logger (whose traceMixin adds the ids), as in every
      // other scenario, so request.log needs no child logger with ids
      fastify: (app) => app.register(require('@tracewire/fastify').tracewire, { ...options, logIds: false }),
    },
    flush: async () => {
      await tracer.forceFlush();
      return tracer.stats();
    },
  };
}

function alsOnly() {
  const als = new AsyncLocalStorage();
  return {
    install: {
      express: (app) => app.use((req, res, next) => als.run({ req }, next)),
      koa: (app) => app.use((ctx, next) => als.run({ ctx }, next)),
      fastify: (app) => app.addHook('onRequest', (request, reply, done) => als.run({ request }, done)),
    },
  };
}

function clsRtracer() {
  const rTracer = require('cls-rtracer');
  return {
    // the request id in every line, the way its README pairs it with pino
    mixin: () => ({ requestId: rTracer.id() }),
    logField: 'requestId',
    install: {
      express: (app) => app.use(rTracer.expressMiddleware()),
      koa: (app) => app.use(rTracer.koaMiddleware()),
      fastify: (app) => app.register(rTracer.fastifyPlugin),
    },
  };
}

function pinoHttp({ makeLogger }) {
  const logger = makeLogger(undefined);
  // autoLogging off: the handler's own line (through req.log, which carries the request) is the
  // one line every scenario writes; the access line pino-http would add is a second line
  const middleware = require('pino-http')({ logger, autoLogging: false });
  return {
    logger,
    logField: 'req',
    logOf: (req) => req.log,
    install: {
      express: (app) => app.use(middleware),
      koa: (app) => app.use((ctx, next) => { middleware(ctx.req, ctx.res); return next(); }),
      fastify: (app) => app.addHook('onRequest', (request, reply, done) => { middleware(request.raw, reply.raw); done(); }),
    },
  };
}

function otel() {
  // everything was installed by otel-register.js (node --require) before this process loaded
  // the framework, pino or http
  const provider = globalThis[Symbol.for('tracewire.bench.otelProvider')];
  if (!provider) throw new Error('the otel scenario needs node --require bench/load/otel-register.js');
  return {
    logField: 'trace_id',
    install: none,
    flush: async () => {
      await provider.forceFlush();
      return undefined;
    },
  };
}

const SCENARIOS = {
  bare: () => ({ install: none }),
  'als-only': alsOnly,
  'tracewire-propagate': (context) => tracewire(context, { full: false }),
  'tracewire-full': (context) => tracewire(context, { full: true }),
  otel,
  'cls-rtracer': clsRtracer,
  'pino-http': pinoHttp,
};

module.exports = { SCENARIOS, SCENARIO_NAMES: Object.keys(SCENARIOS) };
