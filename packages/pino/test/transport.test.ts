/**
 * A worker-thread transport: the line is serialised on the main thread at the log call, so the
 * worker writes the ids of the request the line was logged in, even though it runs elsewhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceMixin } from '@tracewire/pino';
import pino from 'pino';
import { startApp, type RunningApp } from './helpers/adapters';
import { send } from '../../../test-support/http-client';
import { sleep } from '../../../test-support/timing';
import { randomTraceparent, traceresponseIds } from '../../../test-support/trace-ids';

let running: RunningApp | undefined;
const dir = mkdtempSync(join(tmpdir(), 'tracewire-pino-'));
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('pino.transport({ target: "pino/file" }) writes each request\'s ids', async () => {
  const file = join(dir, 'transport.log');
  const transport = pino.transport({ target: 'pino/file', options: { destination: file } });
  const log = pino({ mixin: traceMixin() }, transport);
  running = await startApp('koa', async (n) => {
    log.info({ n }, 'before sleep');
    await sleep(Math.floor(Math.random() * 5));
    log.info({ n }, 'after sleep');
  });
  const sent = Array.from({ length: 20 }, () => randomTraceparent());
  const replies = await Promise.all(sent.map((inc, n) => send(running!.port, `/work/${n}`, { headers: { traceparent: inc.traceparent } })));
  log.info('outside');

  // ending the transport flushes it and stops the worker; 'close' fires once the file is written
  await new Promise<void>((resolve, reject) => {
    transport.once('close', () => resolve());
    transport.once('error', reject);
    transport.end();
  });

  const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toHaveLength(20 * 2 + 1);
  const mismatches = lines
    .filter((line) => typeof line.n === 'number')
    .filter((line) => {
      const ids = traceresponseIds(replies[line.n as number]!.headers.traceresponse);
      return line.trace_id !== ids.traceId || line.span_id !== ids.spanId;
    });
  expect(mismatches).toEqual([]);
  const outside = lines.find((line) => line.msg === 'outside');
  expect(outside).not.toHaveProperty('trace_id');
  expect(outside).not.toHaveProperty('span_id');
});
