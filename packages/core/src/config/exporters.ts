/**
 * Exporters by name (`OTEL_TRACES_EXPORTER`, or the `exporter` option) and the processor each one
 * gets. Built in: `none`, `console`, `jsonl`; exporter packages register more (`otlp`, `zipkin`)
 * through `registerExporter`, in the registry every copy of core shares. Core loads those two
 * packages itself when their name is asked for, so setting the env var alone is enough.
 */
import { type ExporterFactory, registry } from '../context/registry';
import { reportError } from '../diag';
import { TracewireError, invalidOption } from '../errors';
import { ConsoleSpanExporter } from '../export/console-exporter';
import { JsonlSpanExporter } from '../export/jsonl-exporter';
import { BatchSpanProcessor } from '../processing/batch-span-processor';
import { SimpleSpanProcessor } from '../processing/simple-span-processor';
import type { BatchSpanProcessorOptions, ExporterName, SpanExporter, SpanProcessor, TracerOptions } from '../types';
import { type Env, readList, readString, warnInvalidEnv } from './env';

export const DEFAULT_JSONL_FILE = './tracewire-spans.jsonl';

/** Makes `name` usable in `OTEL_TRACES_EXPORTER` and the `exporter` option. */
export function registerExporter(name: string, factory: ExporterFactory): void {
  registry.exporterFactories.set(name.toLowerCase(), factory);
}

const BUILT_IN = ['none', 'console', 'jsonl'];
/** Names a tracewire package provides; it registers itself when loaded. */
const PACKAGES: Readonly<Record<string, string>> = { otlp: '@tracewire/otlp', zipkin: '@tracewire/zipkin' };
const HINTS: Record<string, string> = {
  otlp: 'install @tracewire/otlp (npm install @tracewire/otlp); core loads it by name',
  zipkin: 'install @tracewire/zipkin (npm install @tracewire/zipkin); core loads it by name',
};

function knownNames(): string[] {
  return [...BUILT_IN, ...registry.exporterFactories.keys()];
}

function isKnown(name: string): boolean {
  return BUILT_IN.includes(name) || registry.exporterFactories.has(name) || loadPackageFor(name);
}

/**
 * For `otlp`/`zipkin` not registered yet: loads `@tracewire/<name>`, which registers itself, and
 * says whether the name is now known. A plain `require` resolved from core's own location (an
 * installed core finds its sibling package in node_modules; jest maps it to the sources). A package
 * that is not installed is the normal "unknown" case; one that fails while loading is reported.
 */
function loadPackageFor(name: string): boolean {
  const id = PACKAGES[name];
  if (id === undefined) return false;
  try {
    require(id);
  } catch (error) {
    if (!isNotFound(error, id)) reportError(error, `loading ${id}`);
    return false;
  }
  return registry.exporterFactories.has(name);
}

/** The package itself is missing (not one of its own imports). */
function isNotFound(error: unknown, id: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${id}'`);
}

/** Builds the named exporter; `none` gives undefined. The name must be known. */
function buildNamed(name: string, jsonlFile: string, env: Env): SpanExporter | undefined {
  if (name === 'none') return undefined;
  if (name === 'console') return new ConsoleSpanExporter();
  if (name === 'jsonl') return new JsonlSpanExporter({ path: jsonlFile });
  return registry.exporterFactories.get(name)!(env);
}

function isExporter(value: unknown): value is SpanExporter {
  return value !== null && typeof value === 'object' && typeof (value as SpanExporter).export === 'function';
}

/**
 * The processors for the configured exporters: the console exporter gets a SimpleSpanProcessor
 * (it is for humans watching a terminal, so spans print as they end); every other exporter a
 * BatchSpanProcessor, keeping export off the request path.
 */
export function processorsForExporters(options: TracerOptions, env: Env, batch: BatchSpanProcessorOptions): SpanProcessor[] {
  const jsonlFile = options.jsonlFile ?? readString(env, 'TRACEWIRE_JSONL_FILE') ?? DEFAULT_JSONL_FILE;
  const wanted: Array<ExporterName | SpanExporter> = [];
  if (options.exporter !== undefined) {
    const list = Array.isArray(options.exporter) ? options.exporter : [options.exporter];
    for (const item of list) {
      if (typeof item === 'string') {
        const name = item.trim().toLowerCase();
        if (!isKnown(name)) {
          const hint = HINTS[name] ? ` (${HINTS[name]})` : '';
          throw new TracewireError(
            'TW_ERR_UNKNOWN_EXPORTER',
            `tracewire: unknown exporter ${JSON.stringify(item)}${hint}; known: ${knownNames().join(', ')}`,
          );
        }
        wanted.push(name);
      } else if (isExporter(item)) {
        wanted.push(item);
      } else {
        throw invalidOption('exporter', item, 'an exporter name or an object with export() and shutdown()');
      }
    }
  } else {
    for (const name of readList(env, 'OTEL_TRACES_EXPORTER') ?? []) {
      if (isKnown(name)) wanted.push(name);
      else warnInvalidEnv('OTEL_TRACES_EXPORTER', name, HINTS[name] ?? `one of ${knownNames().join(', ')}`);
    }
  }

  const processors: SpanProcessor[] = [];
  for (const item of wanted) {
    let exporter: SpanExporter | undefined;
    try {
      exporter = typeof item === 'string' ? buildNamed(item, jsonlFile, env) : item;
    } catch (error) {
      // A name from the code option fails setup; one from the env var must not (SPEC-NOTES 0.7).
      if (options.exporter !== undefined) throw error;
      reportError(error, `creating the "${String(item)}" exporter from OTEL_TRACES_EXPORTER`);
      continue;
    }
    if (exporter === undefined) continue;
    processors.push(item === 'console' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter, batch));
  }
  return processors;
}
