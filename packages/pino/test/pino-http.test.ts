/**
 * pino-http in an Express app after `tracewire()`: `req.log` lines and pino-http's own
 * "request completed" line carry the request's ids, under concurrency.
 */
import { createTracer } from '@tracewire/core';
import { tracewire } from '@tracewire/express';
import { traceMixin } from '@tracewire/pino';
import express from 'express';
import pinoHttp from 'pino-http';
import { send } from '../../../test-support/http-client';
import { listen, type TestServer } from '../../../test-support/servers';
import { sleep } from '../../../test-support/timing';
import { randomTraceparent, traceresponseIds } from '../../../test-support/trace-ids';
import { capturedLogger } from './helpers/log-lines';

let server: TestServer | undefined;
const tracer = createTracer({ register: false, env: {} });
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => tracer.shutdown());

test('req.log lines and "request completed" carry the ids of their request (30 concurrent)', async () => {
  const { log, sink } = capturedLogger({ mixin: traceMixin() });
  const app = express();
  app.use(tracewire({ tracer, env: {} }));
  app.use(pinoHttp({ logger: log }));
  app.get('/items/:n', async (req, res) => {
    req.log.info({ n: Number(req.params.n) }, 'handler');
    await sleep(Math.floor(Math.random() * 5));
    res.send('ok');
  });
  server = await listen(app);

  const sent = Array.from({ length: 30 }, () => randomTraceparent());
  const replies = await Promise.all(sent.map((inc, n) => send(server!.port, `/items/${n}`, { headers: { traceparent: inc.traceparent } })));
  // pino-http writes "request completed" on the response's 'finish'; give the last ones a moment
  for (let i = 0; i < 50 && sink.lines().filter((l) => l.msg === 'request completed').length < 30; i++) await sleep(5);

  const lines = sink.lines();
  const completed = lines.filter((l) => l.msg === 'request completed');
  expect(completed).toHaveLength(30);
  let mismatches = 0;
  replies.forEach((reply, n) => {
    const ids = traceresponseIds(reply.headers.traceresponse);
    const path = `/items/${n}`;
    const handler = lines.find((l) => l.msg === 'handler' && l.n === n);
    const done = completed.find((l) => (l.req as { url: string }).url === path);
    for (const line of [handler, done]) {
      if (line?.trace_id !== ids.traceId || line.span_id !== ids.spanId || line.trace_flags !== '01') mismatches++;
    }
    expect(ids.traceId).toBe(sent[n]!.traceId);
  });
  expect(mismatches).toBe(0);
  // pino-http's own fields are untouched
  expect(completed[0]).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
});
