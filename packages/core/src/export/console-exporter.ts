/**
 * Human-readable span output for development (`OTEL_TRACES_EXPORTER=console`, SPEC-NOTES 12): one
 * line per span and, in tree mode, a trace's local spans printed together as an indented tree once
 * its local root span has ended. Held spans are bounded so a root that never ends cannot grow
 * memory without limit.
 */
import type { Writable } from 'node:stream';
import { ExportResultCode, type ExportResult, type ReadableSpan, type SpanExporter } from '../types';

export interface ConsoleSpanExporterOptions {
  /** Where lines go; default `process.stdout`. */
  stream?: NodeJS.WritableStream;
  /** Group a trace's spans into a tree printed when its local root ends; default true. */
  tree?: boolean;
}

/** Bounds on what tree mode holds back; beyond them the oldest groups are printed as they are. */
const MAX_HELD_TRACES = 1000;
const MAX_HELD_SPANS = 10_000;
const MAX_ATTRIBUTES_SHOWN = 4;
const MAX_VALUE_CHARS = 60;
/** Deeper nesting is printed at this indentation, to keep lines readable. */
const MAX_INDENT_LEVELS = 16;
/** Shown first when present: what a reader looks for in a failing request. */
const PREFERRED_ATTRIBUTES = ['http.response.status_code', 'error.type'];

const KIND_NAMES: Readonly<Record<number, string>> = {
  1: 'INTERNAL',
  2: 'SERVER',
  3: 'CLIENT',
  4: 'PRODUCER',
  5: 'CONSUMER',
};
const STATUS_NAMES: Readonly<Record<number, string>> = { 1: 'OK', 2: 'ERROR' };

const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });

/**
 * One span as a line, e.g.
 * `[shop trace 4bf92f35… span 00f067aa…] SERVER GET /users/:id 12.3ms status=ERROR http.response.status_code=500`;
 * `depth` indents the part after the ids, so the ids stay in one column in a tree.
 */
export function formatSpanLine(span: ReadableSpan, depth = 0): string {
  const service = span.resource.attributes['service.name'];
  const ids = `trace ${span.spanContext().traceId.slice(0, 8)}… span ${span.spanContext().spanId.slice(0, 8)}…`;
  let line = `[${typeof service === 'string' && service !== '' ? `${service} ` : ''}${ids}] `;
  line += '  '.repeat(Math.min(depth, MAX_INDENT_LEVELS));
  line += `${KIND_NAMES[span.kind] ?? 'UNSPECIFIED'} ${span.name} ${formatDuration(span.endTime - span.startTime)}`;
  const status = STATUS_NAMES[span.status.code];
  if (status !== undefined) line += ` status=${status}${span.status.message ? `(${span.status.message})` : ''}`;
  for (const key of shownAttributeKeys(span.attributes)) line += ` ${key}=${formatValue(span.attributes[key])}`;
  return line;
}

/** Milliseconds with two decimals below 10 ms and one above. */
function formatDuration(millis: number): string {
  const ms = Math.max(0, millis);
  return `${ms.toFixed(ms < 10 ? 2 : 1)}ms`;
}

function shownAttributeKeys(attributes: Readonly<Record<string, unknown>>): string[] {
  const keys = PREFERRED_ATTRIBUTES.filter((key) => attributes[key] !== undefined);
  for (const key of Object.keys(attributes)) {
    if (keys.length >= MAX_ATTRIBUTES_SHOWN) break;
    if (!keys.includes(key) && attributes[key] !== undefined) keys.push(key);
  }
  return keys;
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' && /^[^\s"=]*$/.test(value) ? value : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** A local trace's spans as tree lines: parents before children, siblings by start time. */
export function formatTree(spans: readonly ReadableSpan[]): string[] {
  const byId = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    if (parent === undefined || parent === span.spanContext().spanId || !byId.has(parent)) roots.push(span);
    else {
      const siblings = children.get(parent);
      if (siblings === undefined) children.set(parent, [span]);
      else siblings.push(span);
    }
  }
  const lines: string[] = [];
  const visited = new Set<ReadableSpan>();
  // Iterative depth-first walk: deep or malformed (cyclic) parentage cannot overflow the stack.
  const stack: Array<[ReadableSpan, number]> = byStartDescending(roots).map((span) => [span, 0]);
  for (;;) {
    const next = stack.pop();
    if (next === undefined) {
      // spans caught in a parent cycle were never reached from a root: print them flat
      const missed = spans.find((span) => !visited.has(span));
      if (missed === undefined) break;
      stack.push([missed, 0]);
      continue;
    }
    const [span, depth] = next;
    if (visited.has(span)) continue;
    visited.add(span);
    lines.push(formatSpanLine(span, depth));
    for (const child of byStartDescending(children.get(span.spanContext().spanId) ?? [])) stack.push([child, depth + 1]);
  }
  return lines;
}

/** Sorted latest first, so popping from a stack yields the earliest first. */
function byStartDescending(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return [...spans].sort((a, b) => b.startTime - a.startTime);
}

export class ConsoleSpanExporter implements SpanExporter {
  private readonly stream: NodeJS.WritableStream;
  private readonly tree: boolean;
  /** Spans waiting for their local root, keyed by local root span id, oldest group first. */
  private readonly held = new Map<string, ReadableSpan[]>();
  private heldSpans = 0;
  /** Local roots already printed: their late children are printed at once instead of held. */
  private readonly released = new Set<string>();
  private isShutdown = false;

  constructor(options: ConsoleSpanExporterOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    this.tree = options.tree ?? true;
  }

  export(spans: readonly ReadableSpan[]): Promise<ExportResult> {
    if (this.isShutdown) return Promise.resolve(failure(new Error('ConsoleSpanExporter is shut down')));
    try {
      const lines: string[] = [];
      for (const span of spans) {
        if (this.tree) this.hold(span, lines);
        else lines.push(formatSpanLine(span));
      }
      return Promise.resolve(this.write(lines));
    } catch (error) {
      return Promise.resolve(failure(error));
    }
  }

  private hold(span: ReadableSpan, out: string[]): void {
    const rootId = span.localRootSpanId;
    if (this.released.has(rootId)) {
      out.push(formatSpanLine(span));
      return;
    }
    let group = this.held.get(rootId);
    if (group === undefined) {
      group = [];
      this.held.set(rootId, group);
    }
    group.push(span);
    this.heldSpans++;
    if (span.spanContext().spanId === rootId) this.release(rootId, out);
    while (this.held.size > MAX_HELD_TRACES || this.heldSpans > MAX_HELD_SPANS) {
      const oldest = this.held.keys().next().value as string;
      this.release(oldest, out);
    }
  }

  private release(rootId: string, out: string[]): void {
    const group = this.held.get(rootId) ?? [];
    this.held.delete(rootId);
    this.heldSpans -= group.length;
    out.push(...formatTree(group));
    this.released.add(rootId);
    if (this.released.size > MAX_HELD_TRACES) this.released.delete(this.released.values().next().value as string);
  }

  private write(lines: readonly string[]): ExportResult {
    if (lines.length === 0) return SUCCESS;
    const stream = this.stream as Partial<Writable>;
    if (stream.writableEnded === true || stream.destroyed === true) {
      return failure(new Error('ConsoleSpanExporter: the stream is closed'));
    }
    this.stream.write(`${lines.join('\n')}\n`);
    return SUCCESS;
  }

  /** Prints every held span, grouped by trace as far as it got. */
  forceFlush(): Promise<void> {
    try {
      const lines: string[] = [];
      for (const rootId of [...this.held.keys()]) this.release(rootId, lines);
      this.write(lines);
    } catch {
      // best effort: the console is a development aid
    }
    return Promise.resolve();
  }

  /** Prints what is held; later exports return FAILED. The stream is not ended (it is not ours). */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    await this.forceFlush();
    this.isShutdown = true;
  }
}

function failure(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}
