// @ts-check
'use strict';
// Inventory (Koa, winston): GET /reserve/:sku checks the external stock API. Its tracing lines:
// `app.use(tracewire())`, and winston's `traceFormat()` with `captureTraceIds(log)`.

const Koa = require('koa');
const Router = require('@koa/router');
const winston = require('winston');
const { tracewire } = require('@tracewire/koa');
const { captureTraceIds, traceFormat } = require('@tracewire/winston');
const { getJson, serve, startTracer } = require('./runtime');

const tracer = startTracer();
const log = captureTraceIds(winston.createLogger({
  defaultMeta: { service: 'inventory' },
  format: winston.format.combine(traceFormat(), winston.format.json()),
  transports: [new winston.transports.Console()],
}));

const app = new Koa();
const router = new Router();
app.use(tracewire());

router.get('/reserve/:sku', async (ctx) => {
  const { sku } = ctx.params;
  log.info('reserving stock', { sku });
  try {
    const stock = await getJson(`${process.env.EXTERNAL_URL}/stock/${sku}`);
    log.info('stock reserved', { sku, left: stock.available - 1 });
    ctx.body = { sku, reserved: 1, left: stock.available - 1 };
  } catch (error) {
    log.error('stock lookup failed', { sku, err: /** @type {Error} */ (error).message });
    ctx.status = 500;
    ctx.body = { sku, error: 'stock lookup failed' };
  }
});
app.use(router.routes());

/** @type {import('node:http').Server} */
let server;
void serve(tracer, {
  listen: () => new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`));
  }),
  close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
});
