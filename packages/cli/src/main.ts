/**
 * `tracewire` as a function: parse the arguments, read the files, analyse the matching traces
 * and write the report. Returns the exit code (0 shown, 1 nothing matched, 2 user error) instead
 * of exiting, so tests can call it. User errors print one clear line, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseTrace } from './analyse/analyse-trace';
import { serviceMap } from './analyse/service-map';
import { USAGE, parseArgs, type ViewArgs } from './args';
import { buildTraces } from './assemble/build-traces';
import { CliError } from './errors';
import { matchesFilter } from './filter';
import { readSpanFile } from './read/read-spans';
import { styles } from './render/colors';
import { renderHtmlReport } from './render/html-report';
import { jsonReport } from './render/json-report';
import { renderTextReport } from './render/text-report';
import type { CliIo, SpanRecord, Trace } from './types';

export const EXIT_OK = 0;
export const EXIT_NO_MATCH = 1;
export const EXIT_USAGE = 2;
/** a bug in the CLI itself: the one case that shows a stack trace */
export const EXIT_INTERNAL = 3;

const DEFAULT_WIDTH = 100;

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    if (args.command === 'version') {
      io.stdout.write(`${version()}\n`);
      return EXIT_OK;
    }
    return await view(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`tracewire: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`tracewire: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

async function view(args: ViewArgs, io: CliIo): Promise<number> {
  const progress = (message: string): void => {
    if (!args.quiet) io.stderr.write(`tracewire: ${message}\n`);
  };
  const records: SpanRecord[] = [];
  for (const file of args.files) {
    const spans = await readSpanFile(file);
    progress(`read ${spans.length} span${spans.length === 1 ? '' : 's'} from ${file}`);
    records.push(...spans);
  }
  const { traces, duplicates } = buildTraces(records);
  if (duplicates > 0) progress(`ignored ${duplicates} repeated span${duplicates === 1 ? '' : 's'} (same trace and span id)`);
  const matched = traces.filter((trace) => matchesFilter(trace, args.filter)).sort(byStart);
  const analyses = matched.map((trace) => analyseTrace(trace, { skewToleranceMs: args.skewToleranceMs }));
  const allEdges = serviceMap(matched);

  if (args.json) io.stdout.write(`${JSON.stringify(jsonReport(analyses, allEdges), null, 2)}\n`);
  if (matched.length === 0) {
    progress(`no trace matched the filters (${traces.length} trace${traces.length === 1 ? '' : 's'} read)`);
    return EXIT_NO_MATCH;
  }
  if (!args.json) {
    const width = args.width ?? (validWidth(io.stdout.columns) ? io.stdout.columns! : DEFAULT_WIDTH);
    const color = args.color ?? (io.stdout.isTTY === true && !io.env.NO_COLOR);
    io.stdout.write(renderTextReport(analyses, allEdges, { width, styles: styles(color), skewToleranceMs: args.skewToleranceMs }));
  }
  if (args.html !== undefined) {
    const page = renderHtmlReport(analyses, allEdges, { skewToleranceMs: args.skewToleranceMs, sources: args.files });
    try {
      await writeFile(args.html, page, 'utf8');
    } catch (error) {
      throw new CliError(`${args.html}: cannot write the HTML report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    progress(`wrote ${args.html} (${matched.length} trace${matched.length === 1 ? '' : 's'}, ${Math.ceil(page.length / 1024)} KiB)`);
  }
  return EXIT_OK;
}

/** Earliest first; traces that start together keep the order they were read in (sort is stable). */
function byStart(a: Trace, b: Trace): number {
  return a.originUnixNano < b.originUnixNano ? -1 : a.originUnixNano > b.originUnixNano ? 1 : 0;
}

function validWidth(columns: number | undefined): boolean {
  return typeof columns === 'number' && Number.isInteger(columns) && columns >= 40;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** From package.json one level above both src/ and dist/. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
