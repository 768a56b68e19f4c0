/**
 * One real server per adapter on 127.0.0.1:0, each with `tracewire` installed the one-line way on
 * a private propagate-only tracer, serving `GET /work/:n` by awaiting the test's handler. A real
 * HTTP client (test-support) sends the requests.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import Router from '@koa/router';
import fastify from 'fastify';
import { createTracer } from '@tracewire/core';
import { tracewire as expressTracewire } from '@tracewire/express';
import { tracewire as koaTracewire } from '@tracewire/koa';
import { tracewire as fastifyTracewire } from '@tracewire/fastify';
import { listen } from '../../../../test-support/servers';

export type Handler = (n: number) => Promise<void>;

export interface Server {
  readonly port: number;
  close(): Promise<void>;
}

type Start = (handler: Handler) => Promise<Server>;

/** A private propagate-only tracer: ids, context and `traceresponse`, no export. */
const tracer = () => createTracer({ register: false, env: {} });

/** A server for `listener` on 127.0.0.1:0 whose close() also runs `onClose` (the tracer's shutdown). */
async function listenWith(listener: http.RequestListener, onClose: () => Promise<unknown>): Promise<Server> {
  const server = await listen(listener);
  return {
    port: server.port,
    close: async () => {
      await server.close();
      await onClose();
    },
  };
}

const startExpress: Start = (handler) => {
  const app = express();
  const t = tracer();
  app.use(expressTracewire({ tracer: t, env: {} }));
  app.get('/work/:n', async (req, res) => {
    await handler(Number(req.params.n));
    res.send('ok');
  });
  return listenWith(app, () => t.shutdown());
};

const startKoa: Start = (handler) => {
  const app = new Koa();
  const router = new Router();
  const t = tracer();
  app.use(koaTracewire({ tracer: t, env: {} }));
  router.get('/work/:n', async (ctx) => {
    await handler(Number(ctx.params.n));
    ctx.body = 'ok';
  });
  app.use(router.routes());
  return listenWith(app.callback(), () => t.shutdown());
};

const startFastify: Start = async (handler) => {
  const app = fastify({ logger: false });
  const t = tracer();
  await app.register(fastifyTracewire, { tracer: t, env: {} });
  app.get('/work/:n', async (request) => {
    await handler(Number((request.params as { n: string }).n));
    return 'ok';
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: async () => {
      await app.close();
      await t.shutdown();
    },
  };
};

export const ADAPTERS: Array<[string, Start]> = [
  ['express', startExpress],
  ['koa', startKoa],
  ['fastify', startFastify],
];
