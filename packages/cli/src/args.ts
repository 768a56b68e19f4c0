/**
 * Command-line arguments of `tracewire` (README § Flags). Hand-written to keep the package free
 * of runtime dependencies. `--flag value` and `--flag=value` both work; `--` ends the flags.
 */
import { CliError } from './errors';
import type { TraceFilter } from './types';
import { DEFAULT_SKEW_TOLERANCE_MS } from './analyse/clock-skew';

export interface ViewArgs {
  readonly command: 'view';
  readonly files: string[];
  readonly filter: TraceFilter;
  readonly json: boolean;
  readonly html: string | undefined;
  readonly width: number | undefined;
  /** undefined: decide from the TTY and NO_COLOR */
  readonly color: boolean | undefined;
  readonly skewToleranceMs: number;
  readonly quiet: boolean;
}

export type Args = ViewArgs | { readonly command: 'help' } | { readonly command: 'version' };

export const USAGE = `Usage: tracewire view [options] <file>...

Reads span files (tracewire's JSONL exporter, or OTLP/JSON ExportTraceServiceRequest documents)
and prints, per trace, a waterfall with the critical path and bottleneck, the error path,
self time by service and the service map.

Options:
  --trace ID             only the trace with this id (or id prefix); repeatable
  --service NAME         only traces in which NAME has a span; repeatable
  --min-duration TIME    only traces whose root lasts at least TIME (250ms, 1.5s, 800us; bare number = ms)
  --errors               only traces with a span whose status is ERROR
  --json                 print JSON for scripts instead of text
  --html FILE            also write a self-contained HTML report to FILE
  --width N              terminal width for the bars (default: the terminal's, else 100)
  --color, --no-color    force colors on or off (default: on when stdout is a TTY and NO_COLOR is unset)
  --skew-tolerance TIME  largest cross-service clock skew that is shifted away (default ${DEFAULT_SKEW_TOLERANCE_MS}ms)
  -q, --quiet            no progress messages on stderr
  -h, --help             this help
  -V, --version          the version

Exit codes: 0 traces shown, 1 no spans matched the filters, 2 usage or input error.
`;

const WITH_VALUE = new Set(['--trace', '--service', '--min-duration', '--html', '--width', '--skew-tolerance']);

export function parseArgs(argv: readonly string[]): Args {
  if (argv.length === 0) throw new CliError('no command given: try "tracewire view spans.jsonl" or "tracewire --help"');
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { command: 'help' };
  if (command === '-V' || command === '--version') return { command: 'version' };
  if (command !== 'view') throw new CliError(`unknown command "${command}": the command is "view" (see tracewire --help)`);
  return parseView(rest);
}

function parseView(argv: readonly string[]): Args {
  const files: string[] = [];
  const traceIds: string[] = [];
  const services: string[] = [];
  let minDurationMs: number | undefined;
  let errorsOnly = false;
  let json = false;
  let htmlFile: string | undefined;
  let width: number | undefined;
  let color: boolean | undefined;
  let skewToleranceMs = DEFAULT_SKEW_TOLERANCE_MS;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    let value: string | undefined = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    if (WITH_VALUE.has(flag) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new CliError(`${flag} needs a value`);
    } else if (!WITH_VALUE.has(flag) && value !== undefined) {
      throw new CliError(`${flag} takes no value`);
    }
    switch (flag) {
      case '--trace':
        if (!/^[0-9a-fA-F]{1,32}$/.test(value!)) throw new CliError(`--trace needs a trace id (up to 32 hex digits), got "${value}"`);
        traceIds.push(value!.toLowerCase());
        break;
      case '--service':
        if (value === '') throw new CliError('--service needs a service name');
        services.push(value!);
        break;
      case '--min-duration':
        minDurationMs = parseDuration(value!, flag);
        break;
      case '--skew-tolerance':
        skewToleranceMs = parseDuration(value!, flag);
        break;
      case '--html':
        if (value === '') throw new CliError('--html needs a file name');
        htmlFile = value;
        break;
      case '--width':
        if (!/^\d+$/.test(value!) || Number(value) < 40 || Number(value) > 1000) {
          throw new CliError(`--width must be a whole number of columns from 40 to 1000, got "${value}"`);
        }
        width = Number(value);
        break;
      case '--errors':
        errorsOnly = true;
        break;
      case '--json':
        json = true;
        break;
      case '--color':
        color = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '-q':
      case '--quiet':
        quiet = true;
        break;
      case '-h':
      case '--help':
        return { command: 'help' };
      default:
        throw new CliError(`unknown option ${flag} (see tracewire --help)`);
    }
  }
  if (files.length === 0) throw new CliError('no span file given: tracewire view <file>...');
  const filter: TraceFilter = { traceIds, services, errorsOnly };
  if (minDurationMs !== undefined) filter.minDurationMs = minDurationMs;
  return { command: 'view', files, filter, json, html: htmlFile, width, color, skewToleranceMs, quiet };
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000 };

/** `250ms`, `1.5s`, `800us`, `2m`; a bare number is milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m)?$/.exec(value.trim());
  if (match === null) throw new CliError(`${flag} must be a duration such as 250ms, 1.5s or 800us, got "${value}"`);
  return Number(match[1]) * UNITS[match[2] ?? 'ms']!;
}
