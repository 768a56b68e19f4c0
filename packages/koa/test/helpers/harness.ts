/**
 * Shared test plumbing: both Koa majors, a real in-memory exporter behind a private tracer, a
 * real server on 127.0.0.1:0, and a real HTTP client (`agent: false`: no keep-alive socket
 * outlives a test, so jest exits by itself).
 */
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import Router from '@koa/router';
import {
  ExportResultCode,
  createTracer,
  type ExportResult,
  type ReadableSpan,
  type SpanExporter,
  type Tracer,
} from '@tracewire/core';
import { tracewire, type TracewireKoaOptions } from '../../src';

export type KoaClass = typeof Koa;
export type KoaApp = Koa;

/** Every behavioural test runs once per major version (`koa2` is an npm alias of koa 2). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const KOA_MAJORS: Array<[string, KoaClass]> = [['koa 3', require('koa') as KoaClass], ['koa 2', require('koa2') as KoaClass]];

export class MemoryExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    this.spans.push(...spans);
    return Promise.resolve({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Recording {
  readonly tracer: Tracer;
  readonly exporter: MemoryExporter;
  /**
   * Flushes until at least `count` spans arrived: a span ends on the response's 'close', which may
   * come a moment after the client has read the response. Bounded, so a missing span fails the test.
   */
  spans(count: number): Promise<ReadableSpan[]>;
  /** Flushes until the span of the request to `path` arrived, and returns it (exactly one expected). */
  span(path: string): Promise<ReadableSpan>;
  /** Waits as long as a span could take to arrive, then returns what did (for "no span" checks). */
  settle(): Promise<ReadableSpan[]>;
}

export function recording(): Recording {
  const exporter = new MemoryExporter();
  const tracer = createTracer({ exporter, register: false, env: {}, batch: { scheduledDelayMillis: 1 } });
  return {
    tracer,
    exporter,
    async spans(count) {
      for (let attempt = 0; attempt < 200 && exporter.spans.length < count; attempt++) {
        await tracer.forceFlush();
        if (exporter.spans.length < count) await sleep(5);
      }
      return exporter.spans;
    },
    async span(path) {
      const has = () => exporter.spans.some((span) => span.attributes['url.path'] === path);
      for (let attempt = 0; attempt < 200 && !has(); attempt++) {
        await tracer.forceFlush();
        if (!has()) await sleep(5);
      }
      return spanFor(exporter.spans, path);
    },
    async settle() {
      for (let attempt = 0; attempt < 5; attempt++) {
        await sleep(10);
        await tracer.forceFlush();
      }
      return exporter.spans;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Running {
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(app: Koa): Promise<Running> {
  const bound = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    port: (bound.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        bound.closeAllConnections();
        bound.close(() => resolve());
      }),
  };
}

export interface TracedServer extends Running {
  readonly app: KoaApp;
  readonly rec: Recording;
}

/**
 * A Koa app with `tracewire()` first, on a private recording tracer; `routes` fills a router
 * (mounted after it runs, with allowedMethods) and may configure the app or mount routers of its
 * own. Koa's own error printing is silenced (`app.silent`); app 'error' events are still emitted.
 */
export async function tracedServer(
  Koa: KoaClass,
  routes: (router: Router, app: KoaApp) => void,
  options: TracewireKoaOptions = {},
): Promise<TracedServer> {
  const rec = recording();
  const app = new Koa();
  app.silent = true;
  app.use(tracewire({ tracer: rec.tracer, ...options }));
  const router = new Router();
  routes(router, app);
  app.use(router.routes()).use(router.allowedMethods());
  const running = await listen(app);
  return {
    app,
    rec,
    port: running.port,
    async close() {
      await running.close();
      await rec.tracer.shutdown();
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  /** body pieces, written `chunkDelayMs` apart (a client sending slowly) */
  chunks?: string[];
  chunkDelayMs?: number;
}

/** One real HTTP request on its own connection. */
export function send(port: number, path: string, options: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const chunks = options.chunks ?? [];
    void (async () => {
      for (const chunk of chunks) {
        req.write(chunk);
        if (options.chunkDelayMs !== undefined) await sleep(options.chunkDelayMs);
      }
      req.end();
    })();
  });
}

/** The span whose `url.path` is `path` (exactly one expected). */
export function spanFor(spans: readonly ReadableSpan[], path: string): ReadableSpan {
  const found = spans.filter((span) => span.attributes['url.path'] === path);
  if (found.length !== 1) throw new Error(`expected one span for ${path}, got ${found.length}`);
  return found[0]!;
}
