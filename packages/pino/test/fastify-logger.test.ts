/**
 * Fastify's built-in logger with `mixin: traceMixin()` and the plugin registered with
 * `logIds: false` (the plugin's own child bindings would add the same keys a second time): every
 * line of a request carries the ids exactly once, and lines inside a child span show that span.
 */
import { traceMixin } from '@tracewire/pino';
import type { Logger } from 'pino';
import { startApp, type RunningApp } from './helpers/adapters';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';
import { randomTraceparent, traceresponseIds } from '../../../test-support/trace-ids';
import { lineSink } from './helpers/log-lines';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const count = (text: string, key: string) => text.split(`"${key}":`).length - 1;

test('one trace_id, span_id and trace_flags per line; the active span\'s id inside child spans', async () => {
  const sink = lineSink();
  const childIds: string[] = [];
  running = await startApp(
    'fastify',
    async (n, requestLog) => {
      const log = requestLog as Logger;
      log.info({ n }, 'handler');
      await sleep(Math.floor(Math.random() * 5));
      await running!.tracer.startActiveSpan('load', async (span) => {
        childIds[n] = span.spanContext().spanId;
        log.info({ n }, 'in a child span');
      });
    },
    { fastifyLogger: { stream: sink.stream, mixin: traceMixin(), level: 'info' }, logIds: false },
  );
  const sent = Array.from({ length: 20 }, () => randomTraceparent());
  const replies = await Promise.all(sent.map((inc, n) => send(running!.port, `/work/${n}`, { headers: { traceparent: inc.traceparent } })));

  const raw = sink.raw();
  const lines = raw.map((text) => JSON.parse(text) as Record<string, unknown>);
  const requestLines = raw.filter((_text, i) => lines[i]!.reqId !== undefined && lines[i]!.msg !== 'incoming request');
  expect(requestLines.length).toBe(20 * 3); // handler, child span, request completed
  for (const text of requestLines) {
    for (const key of ['trace_id', 'span_id', 'trace_flags']) expect(count(text, key)).toBe(1);
  }
  let mismatches = 0;
  for (const line of lines.filter((l) => typeof l.n === 'number')) {
    const n = line.n as number;
    const ids = traceresponseIds(replies[n]!.headers.traceresponse);
    const spanId = line.msg === 'in a child span' ? childIds[n] : ids.spanId;
    if (line.trace_id !== sent[n]!.traceId || line.span_id !== spanId) mismatches++;
  }
  expect(mismatches).toBe(0);
  // Fastify logs "incoming request" before any hook runs: no context yet, so no ids
  for (const line of lines.filter((l) => l.msg === 'incoming request')) expect(line).not.toHaveProperty('trace_id');
});
