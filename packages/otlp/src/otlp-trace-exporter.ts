/**
 * The OTLP/HTTP span exporter (SPEC-NOTES 7): encodes a batch as protobuf or JSON, POSTs it with
 * retries inside one deadline, and resolves with SUCCESS or FAILED — never rejects, never outlives
 * its deadline, never throws into the app. The batch processor calls it off the request path,
 * with tracing suppressed, one batch at a time.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import {
  ExportResultCode,
  HttpDelivery,
  reportError,
  resetWarning,
  run,
  suppressTracing,
  toExportTraceServiceRequest,
  warnOnce,
  type ExportResult,
  type ReadableSpan,
  type SpanExporter,
} from '@tracewire/core';
import { describeUrl } from './config/endpoint';
import { resolveConfig } from './config/resolve-config';
import { encodeTraceRequest } from './protobuf/encode-trace';
import { contentTypeOf, deliveryError } from './response/delivery-outcome';
import { readPartialSuccess, type PartialSuccess } from './response/partial-success';
import type { OtlpExporterStats, OtlpTraceExporterConfig, OtlpTraceExporterOptions } from './types';
import { USER_AGENT } from './version';

const gzip = promisify(gzipCallback);

/** SPEC-NOTES 7.2: a request body over 64 MiB (before compression) is not sent. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });
/**
 * Exports run here even when called directly rather than by a processor: tracing suppressed and
 * no request's span or baggage, so outbound instrumentation neither traces nor tags the requests.
 */
const EXPORT_CONTEXT = Object.freeze(suppressTracing({}));
const CONTENT_TYPES = { 'http/protobuf': 'application/x-protobuf', 'http/json': 'application/json' } as const;

let instances = 0;

export class OtlpTraceExporter implements SpanExporter {
  readonly config: OtlpTraceExporterConfig;
  private readonly delivery: HttpDelivery;
  private readonly target: string;
  private readonly counters: OtlpExporterStats = { requests: 0, retries: 0, rejectedSpans: 0, oversizeSpans: 0 };
  /** Exports in progress, each with the controller that aborts it. */
  private readonly inFlight = new Map<AbortController, Promise<ExportResult>>();
  private readonly partialKey = `OtlpTraceExporter#${++instances}:partial-success`;
  /** A run of partial successes is reported once, when it starts (SPEC-NOTES 7.5). */
  private inPartialEpisode = false;
  private isShutdown = false;

  constructor(options: OtlpTraceExporterOptions = {}) {
    this.config = resolveConfig(options);
    this.target = describeUrl(this.config.url);
    const headers = {
      ...this.config.headers,
      'content-type': CONTENT_TYPES[this.config.protocol],
      ...(this.config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
      'user-agent': this.config.headers['user-agent'] ?? USER_AGENT,
    };
    // One export at a time per processor: a couple of sockets are plenty; idle ones are kept for
    // the next batch (SPEC-NOTES 7.2: keep the connection alive between requests).
    this.delivery = new HttpDelivery(this.config.url, { headers, maxSockets: 4, maxFreeSockets: 2 });
  }

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    if (this.isShutdown) return Promise.resolve(failure(new Error('OtlpTraceExporter is shut down')));
    // SPEC-NOTES 7.2: no empty envelopes
    if (!Array.isArray(spans) || spans.length === 0) return Promise.resolve(SUCCESS);
    const controller = new AbortController();
    const work = run(EXPORT_CONTEXT, () => this.send(spans, controller)).catch((error: unknown) => failure(error));
    this.inFlight.set(controller, work);
    void work.then(() => this.inFlight.delete(controller));
    return work;
  }

  private async send(spans: readonly ReadableSpan[], controller: AbortController): Promise<ExportResult> {
    const timeoutMillis = this.config.timeoutMillis;
    // the deadline starts before encoding: one limit for the whole export
    const deadline = timeoutMillis > 0 ? Date.now() + timeoutMillis : Infinity;
    const body = this.encode(spans);
    if (body.length > MAX_REQUEST_BYTES) {
      this.counters.oversizeSpans += spans.length;
      return failure(new Error(`OTLP request of ${spans.length} spans is ${body.length} bytes, over the 64 MiB limit: not sent`));
    }
    const payload = this.config.compression === 'gzip' ? await gzip(body) : body;
    const result = await this.delivery.send(payload, {
      deadline,
      signal: controller.signal,
      onAttempt: (attempt) => {
        this.counters.requests++;
        if (attempt > 0) this.counters.retries++;
      },
    });
    if (!result.ok || result.last?.kind !== 'response') {
      return failure(deliveryError(result, { target: this.target, timeoutMillis, signal: controller.signal }));
    }
    this.notePartialSuccess(readPartialSuccess(result.last.body, contentTypeOf(result.last)));
    return SUCCESS;
  }

  private encode(spans: readonly ReadableSpan[]): Buffer {
    const request = toExportTraceServiceRequest(spans);
    return this.config.protocol === 'http/json' ? Buffer.from(JSON.stringify(request), 'utf8') : encodeTraceRequest(request);
  }

  /** The batch still succeeded (MUST NOT retry); the rejected count and message go to diagnostics. */
  private notePartialSuccess(partial: PartialSuccess | undefined): void {
    if (partial === undefined) {
      if (this.inPartialEpisode) resetWarning(this.partialKey);
      this.inPartialEpisode = false;
      return;
    }
    this.counters.rejectedSpans += partial.rejectedSpans;
    if (this.inPartialEpisode) return;
    this.inPartialEpisode = true;
    const message = partial.errorMessage === '' ? '' : `: ${partial.errorMessage}`;
    if (partial.rejectedSpans > 0) {
      reportError(new Error(`OTLP receiver at ${this.target} rejected ${partial.rejectedSpans} span(s)${message}`), 'OtlpTraceExporter partial success');
    } else {
      warnOnce(this.partialKey, `OTLP receiver at ${this.target} accepted the batch with a warning${message}`);
    }
  }

  /** Nothing is buffered here: every export has finished or failed when its promise settles. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Aborts exports still in flight (they resolve FAILED), closes the sockets; later exports fail. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    const pending = [...this.inFlight.values()];
    for (const controller of this.inFlight.keys()) controller.abort(new Error('OtlpTraceExporter shut down during the export'));
    await Promise.all(pending);
    this.delivery.destroy();
  }

  stats(): OtlpExporterStats {
    return { ...this.counters };
  }
}

function failure(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}
