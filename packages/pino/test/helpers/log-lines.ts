/** A real pino logger writing into a Writable the test reads back, line by line. */
import { Writable } from 'node:stream';
import pino, { type Logger, type LoggerOptions } from 'pino';

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface LineSink {
  readonly stream: Writable;
  /** Every line written so far, as written (one JSON document per line). */
  raw(): string[];
  /** Every line written so far, parsed. */
  lines(): LogLine[];
}

export function lineSink(): LineSink {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line !== '') raw.push(line);
      callback();
    },
  });
  return { stream, raw: () => raw.slice(), lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}

/** pino with `options` (the mixin under test among them), writing to a fresh sink. */
export function capturedLogger(options: LoggerOptions = {}): { log: Logger; sink: LineSink } {
  const sink = lineSink();
  // no pid/hostname: the lines then hold exactly what the test expects, nothing incidental
  return { log: pino({ base: undefined, timestamp: false, ...options }, sink.stream), sink };
}

/** The keys of `line` that pino adds to every line by itself (with `capturedLogger`'s options). */
export function withoutPinoKeys(line: LogLine): Record<string, unknown> {
  const { level: _level, msg: _msg, ...rest } = line;
  return rest;
}
