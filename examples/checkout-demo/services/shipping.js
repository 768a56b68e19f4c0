// @ts-check
'use strict';
// Shipping (Fastify, its own pino logger): GET /quote/:orderId asks the external rates API.
// Its tracing line: `await app.register(tracewire)` — request.log then carries the ids.

const Fastify = require('fastify');
const { tracewire } = require('@tracewire/fastify');
const { getJson, serve, startTracer } = require('./runtime');

const tracer = startTracer();

async function main() {
  const app = Fastify({ logger: { base: { service: 'shipping' }, timestamp: false } });
  await app.register(tracewire);

  app.get('/quote/:orderId', async (request) => {
    const { orderId } = /** @type {{ orderId: string }} */ (request.params);
    const speed = /** @type {{ express?: string }} */ (request.query).express ? 'express' : 'standard';
    request.log.info({ orderId, speed }, 'quoting shipping');
    const rate = await getJson(`${process.env.EXTERNAL_URL}/rates?speed=${speed}`);
    request.log.info({ orderId, price: rate.price }, 'shipping quoted');
    return { orderId, speed, price: rate.price };
  });

  await serve(tracer, {
    listen: () => app.listen({ port: 0, host: '127.0.0.1' }),
    close: () => app.close(),
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
