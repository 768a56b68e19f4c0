/**
 * Appends spans to a file, one OTLP/JSON span per line (SPEC-NOTES 7.3, 12). Each line also carries
 * its `resource` and `scope`, so a line can be read on its own; OTLP readers ignore unknown fields.
 * Zero infrastructure: `tracewire view` and `jq` read the file directly.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { invalidOption } from '../errors';
import { ExportResultCode, type ExportResult, type ReadableSpan, type Resource, type SpanExporter } from '../types';
import { toOtlpResource, toOtlpScope, toOtlpSpan, type OtlpResource, type OtlpScope, type OtlpSpan } from './otlp-json';

export interface JsonlSpanExporterOptions {
  /** File to append to; its parent directory is created on first export. */
  path: string;
}

/** One line of the file. */
export interface JsonlSpanLine extends OtlpSpan {
  resource: OtlpResource;
  scope: OtlpScope;
}

const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });

export class JsonlSpanExporter implements SpanExporter {
  readonly path: string;
  private handle: Promise<FileHandle> | undefined;
  /** The write in progress, so shutdown closes the file only after it. */
  private writing: Promise<unknown> = Promise.resolve();
  private isShutdown = false;
  /** Resource attributes are the same for every span of a tracer: convert them once. */
  private readonly resources = new WeakMap<Resource, OtlpResource>();

  constructor(options: JsonlSpanExporterOptions) {
    if (typeof options?.path !== 'string' || options.path === '') {
      throw invalidOption('path', options?.path, 'a non-empty file path');
    }
    this.path = options.path;
  }

  /** Appends the batch with one write; FAILED (never a throw) when the file cannot be written. */
  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    if (this.isShutdown) return Promise.resolve(failure(new Error('JsonlSpanExporter is shut down')));
    const write = this.write(spans);
    this.writing = write;
    return write;
  }

  private async write(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    try {
      if (spans.length === 0) return SUCCESS;
      let text = '';
      for (const span of spans) text += `${JSON.stringify(this.toLine(span))}\n`;
      const handle = await this.open();
      await handle.appendFile(text, 'utf8');
      return SUCCESS;
    } catch (error) {
      return failure(error);
    }
  }

  private toLine(span: ReadableSpan): JsonlSpanLine {
    let resource = this.resources.get(span.resource);
    if (resource === undefined) {
      resource = toOtlpResource(span.resource);
      this.resources.set(span.resource, resource);
    }
    return { ...toOtlpSpan(span), resource, scope: toOtlpScope(span.scope) };
  }

  /** Opens lazily in append mode and keeps the handle; a failed open is retried next export. */
  private open(): Promise<FileHandle> {
    if (this.handle === undefined) {
      const opening = mkdir(dirname(this.path), { recursive: true }).then(() => open(this.path, 'a'));
      this.handle = opening;
      opening.catch(() => {
        if (this.handle === opening) this.handle = undefined;
      });
    }
    return this.handle;
  }

  /** Every export has completed its write before it resolved: nothing is buffered here. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Closes the file after the write in progress; later exports return FAILED. Never rejects. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    const handle = this.handle;
    this.handle = undefined;
    try {
      await this.writing;
      if (handle !== undefined) await (await handle).close();
    } catch {
      // the file never opened or is already gone: nothing left to close
    }
  }
}

function failure(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}
