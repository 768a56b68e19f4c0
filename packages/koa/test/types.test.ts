/**
 * `ctx.state.tracewire` is typed through Koa's DefaultState (see src/types.ts). The assertions
 * here are for the type check (`tsc -p tsconfig.test.json`); at run time they only show the shape.
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { RequestTrace } from '@tracewire/core';
import { tracewire, type RequestTrace as ReExported, type TracewireKoaOptions } from '../src';

test('ctx.state.tracewire is a RequestTrace in app middleware and router handlers', () => {
  const app = new Koa();
  app.use(tracewire({ echoRequestId: true } satisfies TracewireKoaOptions));
  app.use(async (ctx, next) => {
    const trace: RequestTrace = ctx.state.tracewire;
    const traceId: string = ctx.state.tracewire.traceId;
    // @ts-expect-error -- not a RequestTrace member: proves the property is typed, not `any`
    void ctx.state.tracewire.notAField;
    void trace;
    void traceId;
    await next();
  });
  const router = new Router();
  router.get('/users/:id', (ctx) => {
    const requestId: string = ctx.state.tracewire.requestId;
    ctx.body = { requestId };
  });
  app.use(router.routes());
  const sameType: ReExported | undefined = undefined as RequestTrace | undefined;
  expect(sameType).toBeUndefined();
  expect(typeof tracewire()).toBe('function');
});
