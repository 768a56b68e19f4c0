// @ts-check
'use strict';
// The gateway (Express, pino): GET /checkout/:orderId asks inventory and shipping in parallel.
// Its only tracing lines are `app.use(tracewire())` and pino's `mixin: traceMixin()`.

const express = require('express');
const pino = require('pino');
const { tracewire } = require('@tracewire/express');
const { traceMixin } = require('@tracewire/pino');
const { getJson, serve, startTracer } = require('./runtime');

const tracer = startTracer();
const log = pino({ base: { service: 'gateway' }, mixin: traceMixin(), timestamp: false });

const app = express();
app.use(tracewire());

app.get('/checkout/:orderId', async (req, res) => {
  const { orderId } = req.params;
  const sku = String(req.query.sku ?? 'sku-7');
  const speed = req.query.express ? '?express=1' : '';
  log.info({ orderId, sku }, 'checkout started');
  // allSettled, not all: the answer waits for both calls, so no call outlives its request
  const [stock, quote] = await Promise.allSettled([
    getJson(`${process.env.INVENTORY_URL}/reserve/${sku}`),
    getJson(`${process.env.SHIPPING_URL}/quote/${orderId}${speed}`),
  ]);
  if (stock.status === 'fulfilled' && quote.status === 'fulfilled') {
    log.info({ orderId, reserved: stock.value.reserved, shipping: quote.value.price }, 'checkout complete');
    res.json({ orderId, stock: stock.value, quote: quote.value });
    return;
  }
  const failed = /** @type {PromiseRejectedResult} */ (stock.status === 'rejected' ? stock : quote);
  log.error({ orderId, err: /** @type {Error} */ (failed.reason).message }, 'checkout failed');
  res.status(502).json({ orderId, error: 'a downstream service failed' });
});

let server;
void serve(tracer, {
  listen: () => new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  }),
  close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
});
