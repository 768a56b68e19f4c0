'use strict';
// One benchmark server: `node server.js <framework> <scenario>`. Listens on 127.0.0.1 port 0,
// prints `port=N` on stdout, and serves GET /users/:id with a handler that logs one pino line
// (to a discarding stream) — the same work in every scenario, so differences are tracing's cost.
//
// Scenarios: bare, als-only (an AsyncLocalStorage.run per request: the floor any context
// propagation pays), tracewire (the adapter, propagate-only: ids, context, log ids, no exporter),
// tracewire-lean (the same without the traceresponse header and request ids), tracewire-export
// (the adapter recording every span into a batch processor with a discarding exporter: the full
// recording path without network).

const { AsyncLocalStorage } = require('node:async_hooks');
const { Writable } = require('node:stream');
const pino = require('pino');

const [framework, scenario] = process.argv.slice(2);
const discard = new Writable({ write(_chunk, _enc, cb) { cb(); } });

const als = new AsyncLocalStorage();
const traced = scenario.startsWith('tracewire');
// tracewire-lean: no response headers and no request ids (what those defaults cost)
const adapterOptions = scenario === 'tracewire-lean' ? { traceResponseHeader: false, requestIdHeader: false } : {};
let core;
if (traced) {
  core = require('@tracewire/core');
  const exporter = { export: async () => ({ code: core.ExportResultCode.SUCCESS }), shutdown: async () => {} };
  core.createTracer({ serviceName: `bench-${framework}`, exporter: scenario === 'tracewire-export' ? exporter : 'none', env: {} });
}
// log ids the way @tracewire/pino will: read once per line from the active span
const mixin = traced ? () => { const ids = core.currentIds(); return ids ? { trace_id: ids.traceId, span_id: ids.spanId, trace_flags: ids.traceFlags } : {}; } : undefined;
const log = pino({ mixin }, discard);

function user(id) {
  log.info({ userId: id }, 'loading user');
  return { id, name: `user ${id}` };
}

async function start() {
  if (framework === 'express') {
    const express = require('express');
    const app = express();
    if (traced) app.use(require('@tracewire/express').tracewire(adapterOptions));
    if (scenario === 'als-only') app.use((req, res, next) => als.run({ req }, next));
    app.get('/users/:id', (req, res) => res.json(user(req.params.id)));
    return app.listen(0, '127.0.0.1');
  }
  if (framework === 'koa') {
    const Koa = require('koa');
    const Router = require('@koa/router');
    const app = new Koa();
    if (traced) app.use(require('@tracewire/koa').tracewire(adapterOptions));
    if (scenario === 'als-only') app.use((ctx, next) => als.run({ ctx }, next));
    const router = new Router();
    router.get('/users/:id', (ctx) => { ctx.body = user(ctx.params.id); });
    app.use(router.routes());
    return app.listen(0, '127.0.0.1');
  }
  if (framework === 'fastify') {
    const app = require('fastify')();
    if (traced) await app.register(require('@tracewire/fastify').tracewire, { logIds: false, ...adapterOptions });
    if (scenario === 'als-only') app.addHook('onRequest', (request, reply, done) => als.run({ request }, done));
    app.get('/users/:id', async (request) => user(request.params.id));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app.server;
  }
  throw new Error(`unknown framework ${framework}`);
}

start().then((server) => {
  const report = () => process.stdout.write(`port=${server.address().port}\n`);
  if (server.listening) report();
  else server.once('listening', report);
  process.on('SIGTERM', () => process.exit(0));
});
