/**
 * Options: validated once at `tracewire()` (bad ones throw TracewireError), trust-proxy precedence
 * (an explicit option over Koa's `app.proxy`), and the process-wide tracer when none is given.
 */
import { TracewireError, currentIds } from '@tracewire/core';
import { tracewire, type TracewireKoaOptions } from '../src';
import { TRACEPARENT, TRACE_ID, appSession } from './helpers/app';
import { KOA_MAJORS, type KoaClass } from './helpers/harness';
import { send } from '../../../test-support/http-client';
import { spanFor } from '../../../test-support/recording';
import { listen } from '../../../test-support/servers';

test.each([
  ['traceResponseHeader', { traceResponseHeader: 'yes' }],
  ['ignorePaths', { ignorePaths: 'health' }],
  ['ignorePaths item', { ignorePaths: ['health'] }],
  ['requestIdHeader', { requestIdHeader: 'x request id' }],
  ['knownMethods', { knownMethods: 'GET' }],
  ['tracer', { tracer: {} }],
  ['options object', null],
])('a bad %s throws TracewireError (TW_ERR_INVALID_OPTION) when tracewire() is called', (_case, options) => {
  let thrown: unknown;
  try {
    tracewire(options as unknown as TracewireKoaOptions);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TracewireError);
  expect((thrown as TracewireError).code).toBe('TW_ERR_INVALID_OPTION');
});

describe.each(KOA_MAJORS)('%s', (_name, Koa: KoaClass) => {
  const s = appSession(Koa);
  afterEach(() => s.close());

  const forwarded = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example.com' };

  test.each([
    ['app.proxy = true', true, undefined, true],
    ['app.proxy = false (Koa default)', false, undefined, false],
    ['trustProxy: false over app.proxy = true', true, false, false],
    ['trustProxy: true over app.proxy = false', false, true, true],
  ])('forwarding headers: %s', async (_case, appProxy, trustProxy, believed) => {
    const port = await s.start(trustProxy === undefined ? {} : { trustProxy }, (app) => {
      app.proxy = appProxy;
    });
    await send(port, '/users/3', { headers: forwarded });
    const span = spanFor(await s.rec.spans(1), '/users/3');
    if (believed) {
      expect(span.attributes).toMatchObject({ 'client.address': '203.0.113.7', 'url.scheme': 'https', 'server.address': 'shop.example.com', 'server.port': 443 });
    } else {
      expect(span.attributes).toMatchObject({ 'client.address': '127.0.0.1', 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': port });
    }
    expect(span.attributes['network.peer.address']).toBe('127.0.0.1');
  });

  test('without a tracer option the process-wide tracer is used (propagate-only here: ids, no exporter)', async () => {
    const app = new Koa();
    app.use(tracewire());
    app.use((ctx) => {
      ctx.body = { traceId: currentIds()?.traceId };
    });
    const running = await listen(app.callback());
    try {
      const reply = await send(running.port, '/', { headers: { traceparent: TRACEPARENT } });
      expect((JSON.parse(reply.body) as { traceId: string }).traceId).toBe(TRACE_ID);
    } finally {
      await running.close();
    }
  });
});
