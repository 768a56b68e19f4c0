/**
 * A tiny logger for context tests: each line records the trace id the active context carries
 * (`currentIds()`, what a log adapter writes) next to the one the line must carry.
 */
import { currentIds } from '@tracewire/core';

export interface LogLine {
  readonly expected: string;
  readonly got: string | undefined;
  readonly where: string;
}

export interface LogLines {
  readonly lines: LogLine[];
  log(expected: string, where: string): void;
  /** the lines whose trace id is not the expected one */
  mismatches(): LogLine[];
  /** the first line logged at `where` */
  at(where: string): LogLine | undefined;
  clear(): void;
}

export function logLines(): LogLines {
  const lines: LogLine[] = [];
  return {
    lines,
    log: (expected, where) => void lines.push({ expected, got: currentIds()?.traceId, where }),
    mismatches: () => lines.filter((line) => line.got !== line.expected),
    at: (where) => lines.find((line) => line.where === where),
    clear: () => void (lines.length = 0),
  };
}

