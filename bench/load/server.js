'use strict';
// One benchmark server: `fork('server.js', [framework, scenario])`, with the OTLP receiver's URL in
// BENCH_OTLP_URL. Listens on 127.0.0.1 port 0 and serves GET /users/:id with a handler that logs
// one pino line — the same work in every scenario, so the differences are what each library costs.
// Talks to the harness over IPC only between measurements:
//   → { type: 'ready', port, logField }   (the field the handler's log line must carry)
//   ← { type: 'snapshot' }  → { type: 'snapshot', cpu, rss, heapUsed, lines, sample }
//   ← { type: 'flush' }     → { type: 'flushed', stats }   (export everything queued; tracer counters)
//   ← { type: 'exit' }      exits (cleanly, so `--cpu-prof` writes its profile)

const pino = require('pino');
const { SCENARIOS } = require('./scenarios');

const [framework, scenarioName] = process.argv.slice(2);
if (!SCENARIOS[scenarioName]) throw new Error(`unknown scenario ${scenarioName}`);

// the log sink: counts lines and keeps the first, so the harness can check what a line carries;
// no I/O, so the line costs pino's serialisation and the scenario's correlation work only
let lines = 0;
let sample;
const sink = {
  write(line) {
    lines += 1;
    if (sample === undefined) sample = line;
  },
};

const makeLogger = (mixin) => pino({ mixin }, sink);
const scenario = SCENARIOS[scenarioName]({ framework, otlpUrl: process.env.BENCH_OTLP_URL, makeLogger });
const logger = scenario.logger ?? makeLogger(scenario.mixin);
const logOf = scenario.logOf ?? (() => logger);

function user(id, log) {
  log.info({ userId: id }, 'loading user');
  return { id, name: `user ${id}` };
}

async function expressApp() {
  const app = require('express')();
  await scenario.install.express(app);
  app.get('/users/:id', (req, res) => res.json(user(req.params.id, logOf(req))));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

async function koaApp() {
  const Koa = require('koa');
  const Router = require('@koa/router');
  const app = new Koa();
  await scenario.install.koa(app);
  const router = new Router();
  router.get('/users/:id', (ctx) => {
    ctx.body = user(ctx.params.id, logOf(ctx.req));
  });
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

async function fastifyApp() {
  const app = require('fastify')();
  await scenario.install.fastify(app);
  app.get('/users/:id', async (request) => user(request.params.id, logOf(request.raw)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

const APPS = { express: expressApp, koa: koaApp, fastify: fastifyApp };

async function onMessage(message) {
  if (message.type === 'snapshot') {
    if (message.gc && typeof global.gc === 'function') global.gc();
    const memory = process.memoryUsage();
    process.send({ type: 'snapshot', cpu: process.cpuUsage(), rss: memory.rss, heapUsed: memory.heapUsed, lines, sample });
  } else if (message.type === 'flush') {
    process.send({ type: 'flushed', stats: scenario.flush ? await scenario.flush() : undefined });
  } else if (message.type === 'exit') {
    process.exit(0);
  }
}

async function main() {
  if (!APPS[framework]) throw new Error(`unknown framework ${framework}`);
  const server = await APPS[framework]();
  process.on('message', (message) => {
    onMessage(message).catch((error) => process.send({ type: 'error', message: String(error && error.stack) }));
  });
  // the harness went away without asking us to exit
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port: server.address().port, logField: scenario.logField });
}

main().catch((error) => {
  console.error(`bench server ${framework}/${scenarioName}:`, error);
  process.exit(1);
});
