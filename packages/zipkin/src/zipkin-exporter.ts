/**
 * Sends finished spans to Zipkin as a v2 JSON array (SPEC-NOTES §8): one POST per batch over a
 * keep-alive agent, retried on network errors and 429/502/503/504 within one deadline. `export()`
 * never rejects. Importing this module registers the name `zipkin` with core, so
 * `OTEL_TRACES_EXPORTER=zipkin` works; core also loads this package itself when it sees that name.
 */
import http from 'node:http';
import https from 'node:https';
import { registerExporter, type ExportResult, type ReadableSpan, type SpanExporter } from '@tracewire/core';
import { postOnce } from './http-post';
import { resolveOptions, type ResolvedOptions } from './options';
import { SUCCESS, failed, sendWithRetry } from './send-with-retry';
import type { ZipkinExporterOptions } from './types';
import { toZipkinSpan } from './zipkin-span';

export class ZipkinExporter implements SpanExporter {
  /** Where spans go, as resolved from the options and the environment. */
  readonly url: string;
  /** The export deadline in milliseconds (0 = none). */
  readonly timeoutMillis: number;
  private readonly options: ResolvedOptions;
  private readonly agent: http.Agent;
  /** Aborted by shutdown: ends waits between retries and requests still in flight. */
  private readonly aborter = new AbortController();
  private isShutdown = false;

  constructor(options: ZipkinExporterOptions = {}) {
    this.options = resolveOptions(options);
    this.url = this.options.url.href;
    this.timeoutMillis = this.options.timeoutMillis;
    // one connection is enough: tracewire never runs two exports at once
    const agentOptions = { keepAlive: true, maxSockets: 1 };
    this.agent = this.options.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    if (this.isShutdown) return Promise.resolve(failed(new Error('ZipkinExporter is shut down')));
    if (spans.length === 0) return Promise.resolve(SUCCESS);
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(spans.map(toZipkinSpan)), 'utf8');
    } catch (error) {
      return Promise.resolve(failed(error));
    }
    const { url, headers, timeoutMillis } = this.options;
    const signal = this.aborter.signal;
    return sendWithRetry(
      (remaining) => postOnce({ url, body, headers, agent: this.agent, timeoutMillis: remaining, signal }),
      timeoutMillis,
      signal,
    ).catch(failed);
  }

  /** Nothing is buffered here: each export has finished when its promise resolved. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Later exports return FAILED; an export still running is cut short. Never rejects. */
  shutdown(): Promise<void> {
    if (!this.isShutdown) {
      this.isShutdown = true;
      this.aborter.abort();
      this.agent.destroy();
    }
    return Promise.resolve();
  }
}

registerExporter('zipkin', (env) => new ZipkinExporter({ env }));
