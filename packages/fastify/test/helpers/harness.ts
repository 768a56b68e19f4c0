/**
 * A real Fastify app on 127.0.0.1 (port 0) with tracewire registered, a private tracer exporting to
 * memory, and Fastify's JSON log lines captured from its logger stream.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setDiagLogger, type InMemorySpanExporter, type ReadableSpan, type SpanProcessor, type Tracer } from '@tracewire/core';
import type { FastifyInstance } from 'fastify';
import { tracewire, type TracewireFastifyOptions } from '@tracewire/fastify';
import { recording } from '../../../../test-support/recording';

setDiagLogger(null);

export type FastifyFactory = (options?: Record<string, unknown>) => FastifyInstance;

/** Every behavioural test runs against both majors. */
export const MAJORS: Array<[string, FastifyFactory]> = [
  ['fastify 5', require('fastify') as FastifyFactory],
  ['fastify 4', require('fastify4') as FastifyFactory],
];

export type LogLine = Record<string, unknown> & { msg?: string; trace_id?: string; span_id?: string; trace_flags?: string; reqId?: string };

export interface Harness {
  app: FastifyInstance;
  port: number;
  tracer: Tracer;
  exporter: InMemorySpanExporter;
  /** Fastify's log lines so far, parsed. */
  logs(): LogLine[];
  /** The exported spans once at least `count` arrived (bounded wait, throws: spans end on res 'close'). */
  spans(count: number): Promise<ReadableSpan[]>;
}

export interface HarnessOptions {
  plugin?: TracewireFastifyOptions;
  /** Fastify's own options, merged over `{ logger: { stream } }`. */
  fastify?: Record<string, unknown>;
  /** Routes and hooks, added after the plugin. */
  routes?: (app: FastifyInstance) => void;
  /** A tracer of the test's own; pass the exporter it writes to as well, for `spans()`. */
  tracer?: Tracer;
  exporter?: InMemorySpanExporter;
  spanProcessors?: SpanProcessor[];
  scheduledDelayMillis?: number;
}

const open: Array<{ app: FastifyInstance; tracer: Tracer }> = [];

/** Closes every app and tracer a test started (call from afterEach). */
export async function closeAll(): Promise<void> {
  for (const { app, tracer } of open.splice(0)) {
    await app.close();
    await tracer.shutdown(1000);
  }
}

export async function startApp(factory: FastifyFactory, options: HarnessOptions = {}): Promise<Harness> {
  const rec = recording(options);
  const { tracer, exporter } = rec;
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      callback();
    },
  });
  const app = factory({ logger: { stream, level: 'info' }, ...options.fastify });
  open.push({ app, tracer });
  await app.register(tracewire, { tracer, env: {}, ...options.plugin });
  options.routes?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    port: (app.server.address() as AddressInfo).port,
    tracer,
    exporter,
    logs: () => lines.map((l) => JSON.parse(l) as LogLine),
    spans: rec.spans,
  };
}
