/**
 * Sends finished spans to Zipkin as a v2 JSON array (SPEC-NOTES §8): one POST per batch over a
 * keep-alive agent, retried on network errors and 429/502/503/504 within one deadline. `export()`
 * never rejects. Importing this module registers the name `zipkin` with core, so
 * `OTEL_TRACES_EXPORTER=zipkin` works; core also loads this package itself when it sees that name.
 */
import { HttpDelivery, registerExporter, type ExportResult, type ReadableSpan, type SpanExporter } from '@tracewire/core';
import { MAX_RESPONSE_BYTES, SUCCESS, failed, toExportResult } from './delivery-outcome';
import { resolveOptions, type ResolvedOptions } from './options';
import type { ZipkinExporterOptions } from './types';
import { toZipkinSpan } from './zipkin-span';

export class ZipkinExporter implements SpanExporter {
  /** Where spans go, as resolved from the options and the environment. */
  readonly url: string;
  /** The export deadline in milliseconds (0 = none). */
  readonly timeoutMillis: number;
  private readonly options: ResolvedOptions;
  private readonly delivery: HttpDelivery;
  /** Aborted by shutdown: ends waits between retries and requests still in flight. */
  private readonly aborter = new AbortController();
  private isShutdown = false;

  constructor(options: ZipkinExporterOptions = {}) {
    this.options = resolveOptions(options);
    this.url = this.options.url.href;
    this.timeoutMillis = this.options.timeoutMillis;
    this.delivery = new HttpDelivery(this.options.url, {
      headers: { ...this.options.headers, 'content-type': 'application/json' },
      // one connection is enough: tracewire never runs two exports at once
      maxSockets: 1,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      // Zipkin's answers are read as sent, and one that breaks off is retried like a lost connection
      decompressResponse: false,
      incompleteResponse: 'retry',
    });
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
    const { timeoutMillis } = this.options;
    const deadline = timeoutMillis > 0 ? Date.now() + timeoutMillis : Infinity;
    return this.delivery
      .send(body, { deadline, signal: this.aborter.signal })
      .then((result) => toExportResult(result, timeoutMillis))
      .catch(failed);
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
      this.delivery.destroy();
    }
    return Promise.resolve();
  }
}

registerExporter('zipkin', (env) => new ZipkinExporter({ env }));
