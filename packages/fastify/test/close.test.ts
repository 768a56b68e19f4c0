/**
 * Graceful shutdown: `app.close()` flushes the tracer (onClose), so spans that ended but still sit
 * in the batch processor's queue are exported without an explicit forceFlush.
 */
import type { ReadableSpan, SpanProcessor } from '@tracewire/core';
import { MAJORS, startApp } from './helpers/harness';
import { InMemorySpanExporter } from '@tracewire/core';
import { memoryTracer } from '../../../test-support/recording';
import { send } from '../../../test-support/http-client';
import { setTimeout as sleep } from 'node:timers/promises';

/** Counts ended spans without exporting them. */
function endCounter(): SpanProcessor & { ended: ReadableSpan[] } {
  const ended: ReadableSpan[] = [];
  return {
    ended,
    onStart() {},
    onEnd(span) {
      ended.push(span);
    },
    forceFlush: async () => ({ ok: true, timedOut: false }),
    shutdown: async () => ({ ok: true, timedOut: false }),
  };
}

describe.each(MAJORS)('%s: onClose', (_major, fastify) => {
  test('spans ended before app.close() reach the exporter without an explicit forceFlush', async () => {
    const exporter = new InMemorySpanExporter();
    const counter = endCounter();
    // a batch delay far longer than the test: only a flush can export these spans
    const tracer = memoryTracer(exporter, 60_000, [counter]);
    const h = await startApp(fastify, { tracer, exporter, routes: (app) => app.get('/a/:id', async () => 'a') });
    await send(h.port, '/a/1');
    await send(h.port, '/a/2');
    for (let i = 0; i < 100 && counter.ended.length < 2; i++) await sleep(5);
    expect(counter.ended).toHaveLength(2);
    expect(exporter.getFinishedSpans()).toHaveLength(0);

    await h.app.close();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET /a/:id', 'GET /a/:id']);
    await tracer.shutdown(1000);
  });

  test('a tracer whose flush fails does not fail app.close()', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = memoryTracer(exporter);
    tracer.forceFlush = () => Promise.reject(new Error('flush exploded'));
    const h = await startApp(fastify, { tracer, exporter, routes: (app) => app.get('/a', async () => 'a') });
    await send(h.port, '/a');
    await expect(h.app.close()).resolves.toBeUndefined();
    await tracer.shutdown(1000);
  });
});
