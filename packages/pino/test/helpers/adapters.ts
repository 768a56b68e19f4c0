/**
 * One traced app per adapter (@tracewire/express, @tracewire/koa, @tracewire/fastify), each on a real
 * server, with a private propagate-only tracer. Every app serves `GET /work/:n` by running the
 * test's `work(n, requestLog)` inside the request and answering `ok`.
 */
import Router from '@koa/router';
import { createTracer, type Tracer } from '@tracewire/core';
import { tracewire as expressTracewire } from '@tracewire/express';
import { tracewire as fastifyTracewire } from '@tracewire/fastify';
import { tracewire as koaTracewire } from '@tracewire/koa';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import type { Logger, LoggerOptions } from 'pino';
import { listen } from '../../../../test-support/servers';

/** Runs inside the request; `requestLog` is the framework's own request logger (Fastify's `request.log`). */
export type Work = (n: number, requestLog: Logger | undefined) => Promise<void>;

export interface RunningApp {
  readonly port: number;
  readonly tracer: Tracer;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Fastify only: options of Fastify's built-in pino logger (stream, mixin, ...). */
  fastifyLogger?: LoggerOptions & { stream?: NodeJS.WritableStream };
  /** Fastify only: the plugin's `logIds` option. */
  logIds?: boolean;
}

export type AdapterName = 'express' | 'koa' | 'fastify';
export const ADAPTERS: AdapterName[] = ['express', 'koa', 'fastify'];

function privateTracer(): Tracer {
  return createTracer({ register: false, env: {} });
}

async function closeBoth(closing: Promise<unknown>, tracer: Tracer): Promise<void> {
  await closing;
  await tracer.shutdown();
}

function nOf(value: unknown): number {
  return Number(value);
}

export async function startApp(adapter: AdapterName, work: Work, options: StartOptions = {}): Promise<RunningApp> {
  const tracer = privateTracer();
  if (adapter === 'express') {
    const app = express();
    app.use(expressTracewire({ tracer, env: {} }));
    app.get('/work/:n', async (req, res) => {
      await work(nOf(req.params.n), undefined);
      res.send('ok');
    });
    const server = await listen(app);
    return { port: server.port, tracer, close: () => closeBoth(server.close(), tracer) };
  }
  if (adapter === 'koa') {
    const app = new Koa();
    app.use(koaTracewire({ tracer, env: {} }));
    const router = new Router();
    router.get('/work/:n', async (ctx) => {
      await work(nOf(ctx.params.n), undefined);
      ctx.body = 'ok';
    });
    app.use(router.routes());
    const server = await listen(app.callback());
    return { port: server.port, tracer, close: () => closeBoth(server.close(), tracer) };
  }
  const app = Fastify({ logger: options.fastifyLogger ?? false });
  await app.register(fastifyTracewire, { tracer, env: {}, logIds: options.logIds ?? false });
  app.get<{ Params: { n: string } }>('/work/:n', async (request) => {
    await work(nOf(request.params.n), options.fastifyLogger === undefined ? undefined : (request.log as Logger));
    return 'ok';
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return { port, tracer, close: () => closeBoth(app.close(), tracer) };
}
