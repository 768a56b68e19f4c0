/**
 * Reads span files in the two forms tracewire writes or receives: core's JSONL exporter (one
 * OTLP/JSON span per line, each with its `resource` and `scope`) and OTLP/JSON
 * `ExportTraceServiceRequest` documents (`{"resourceSpans": [...]}`), one per line or one per
 * file, pretty-printed or not. Lines may mix both forms. Every problem is a CliError naming the
 * file and line, so the user sees where, never a stack trace.
 */
import { readFile } from 'node:fs/promises';
import { CliError, inputError } from '../errors';
import type { SpanRecord } from '../types';
import { parseSpan, serviceOf } from './parse-span';

export async function readSpanFile(path: string): Promise<SpanRecord[]> {
  // a byte-order mark (some Windows editors add one) is not JSON
  const text = (await readText(path)).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CliError(`${path}: the file is empty (no spans to show)`);
  const lines = text.split('\n');
  const spans: SpanRecord[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const where = `${path}:${index + 1}`;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch (error) {
      // the first line is not JSON on its own: perhaps the file is one pretty-printed document
      if (spans.length === 0) return readWholeDocument(path, text, where, error);
      throw inputError(where, `not valid JSON (${jsonProblem(error)})`);
    }
    collect(document, where, spans);
  }
  return spans;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${path}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${path}: is a directory, not a span file`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${path}: permission denied`);
    throw new CliError(`${path}: cannot be read (${(error as Error).message})`);
  }
}

function readWholeDocument(path: string, text: string, firstLineWhere: string, firstLineError: unknown): SpanRecord[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const line = lineOfJsonError(text, error);
    // one line that is not JSON reads best as a line error; a broken multi-line document as a document error
    const where = line === undefined ? firstLineWhere : `${path}:${line}`;
    throw inputError(where, `not valid JSON (${jsonProblem(line === undefined ? firstLineError : error)})`);
  }
  const spans: SpanRecord[] = [];
  collect(document, path, spans);
  return spans;
}

/** Adds the spans of one JSON document: a span line or an ExportTraceServiceRequest. */
function collect(document: unknown, where: string, out: SpanRecord[]): void {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw inputError(where, 'expected a JSON object: an OTLP/JSON span or {"resourceSpans": [...]}');
  }
  const value = document as Record<string, unknown>;
  if ('resourceSpans' in value) return collectRequest(value.resourceSpans, where, out);
  if (!('traceId' in value)) {
    throw inputError(where, 'neither an OTLP/JSON span (no "traceId") nor an ExportTraceServiceRequest (no "resourceSpans")');
  }
  out.push(guarded(where, '', () => parseSpan(value, { service: serviceOf(value.resource), source: where })));
}

function collectRequest(resourceSpans: unknown, where: string, out: SpanRecord[]): void {
  listAt(resourceSpans, where, 'resourceSpans').forEach((entry, r) => {
    const rs = objectAt(entry, where, `resourceSpans[${r}]`);
    const service = guarded(where, `resourceSpans[${r}].resource: `, () => serviceOf(rs.resource));
    // instrumentationLibrarySpans: the field's name before OTLP 0.15, still written by old collectors
    const scopes = rs.scopeSpans ?? rs.instrumentationLibrarySpans;
    listAt(scopes ?? [], where, `resourceSpans[${r}].scopeSpans`).forEach((scopeEntry, s) => {
      const scope = objectAt(scopeEntry, where, `resourceSpans[${r}].scopeSpans[${s}]`);
      listAt(scope.spans ?? [], where, `resourceSpans[${r}].scopeSpans[${s}].spans`).forEach((span, i) => {
        const path = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        out.push(guarded(where, `${path}: `, () => parseSpan(span, { service, source: `${where} ${path}` })));
      });
    });
  });
}

function guarded<T>(where: string, prefix: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw inputError(where, `${prefix}${(error as Error).message}`);
  }
}

function listAt(value: unknown, where: string, field: string): unknown[] {
  if (!Array.isArray(value)) throw inputError(where, `"${field}" must be a list`);
  return value;
}

function objectAt(value: unknown, where: string, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw inputError(where, `"${field}" must be an object`);
  return value as Record<string, unknown>;
}

function jsonProblem(error: unknown): string {
  return (error as Error).message.replace(/^JSON\.parse: /, '');
}

/** The 1-based line of a JSON.parse error: V8 reports "at position N" or "(line L column C)". */
function lineOfJsonError(text: string, error: unknown): number | undefined {
  const message = (error as Error).message;
  const line = /line (\d+) column \d+/.exec(message);
  if (line) return Number(line[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  if (/Unexpected end of JSON input/.test(message)) return text.trimEnd().split('\n').length;
  return undefined;
}
