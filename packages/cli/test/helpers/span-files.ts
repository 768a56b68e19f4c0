/**
 * Hand-built traces written in the two input forms, in the exact OTLP/JSON shape of SPEC-NOTES
 * 7.3 (written here from the spec, not with the CLI's reader, so the tests do not trust the code
 * they test). Times are given as ms offsets from BASE_NS and written as unix-nano strings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 2023-11-14T22:13:20Z in ns: an arbitrary, realistic epoch beyond 2^53. */
export const BASE_NS = 1_700_000_000_000_000_000n;

export const KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

export interface SpanSpec {
  /** short readable name, at most 8 characters; the span id is its hex bytes, padded to 16 digits */
  id: string;
  parent?: string;
  name?: string;
  service: string;
  kind?: number;
  /** ms after BASE_NS; fractions allowed (µs precision) */
  start: number;
  end: number;
  error?: string | true;
  attributes?: Record<string, string | number | boolean>;
  events?: Array<{ name: string; at: number; attributes?: Record<string, string | number | boolean> }>;
}

export const spanId = (short: string): string => Buffer.from(short, 'latin1').toString('hex').padStart(16, '0');

export function traceIdOf(n: number): string {
  return `${n.toString(16).padStart(8, '0')}${'4bf92f35'.repeat(3)}`;
}

function nanos(ms: number): string {
  return (BASE_NS + BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

function keyValues(attributes: Record<string, string | number | boolean> = {}): object[] {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

export function otlpSpan(traceId: string, spec: SpanSpec): Record<string, unknown> {
  const span: Record<string, unknown> = {
    traceId,
    spanId: spanId(spec.id),
    flags: 0x101,
    name: spec.name ?? spec.id,
    kind: spec.kind ?? KIND.INTERNAL,
    startTimeUnixNano: nanos(spec.start),
    endTimeUnixNano: nanos(spec.end),
  };
  if (spec.parent !== undefined) span.parentSpanId = spanId(spec.parent);
  if (spec.attributes) span.attributes = keyValues(spec.attributes);
  if (spec.events) {
    span.events = spec.events.map((event) => ({ timeUnixNano: nanos(event.at), name: event.name, attributes: keyValues(event.attributes) }));
  }
  if (spec.error !== undefined) span.status = spec.error === true ? { code: 2 } : { code: 2, message: spec.error };
  return span;
}

const resourceOf = (service: string): object => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });

/** core's JSONL exporter form: one span per line, each with its resource and scope. */
export function jsonlLines(traceId: string, specs: SpanSpec[]): string {
  return specs
    .map((spec) => JSON.stringify({ ...otlpSpan(traceId, spec), resource: resourceOf(spec.service), scope: { name: 'test' } }))
    .join('\n');
}

/** One ExportTraceServiceRequest for the given traces, spans grouped by service. */
export function exportRequest(traces: Array<[string, SpanSpec[]]>): object {
  const byService = new Map<string, Record<string, unknown>[]>();
  for (const [traceId, specs] of traces) {
    for (const spec of specs) {
      const list = byService.get(spec.service) ?? [];
      list.push(otlpSpan(traceId, spec));
      byService.set(spec.service, list);
    }
  }
  return {
    resourceSpans: [...byService.entries()].map(([service, spans]) => ({
      resource: resourceOf(service),
      scopeSpans: [{ scope: { name: 'test', version: '1.0.0' }, spans }],
    })),
  };
}

export interface TempDir {
  readonly path: string;
  write(name: string, content: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'tracewire-cli-'));
  return {
    path,
    async write(name, content) {
      const file = join(path, name);
      await writeFile(file, content, 'utf8');
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
