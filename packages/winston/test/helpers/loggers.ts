/**
 * Real winston loggers whose output the test reads back: a Stream transport over a collecting
 * Writable (synchronous, the common case), and a deliberately slow transport that applies
 * backpressure. Lines are the JSON strings winston produced, parsed.
 */
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import winston, { type Logform, type Logger } from 'winston';
import TransportStream from 'winston-transport';

export type Line = Record<string, unknown>;

const MESSAGE = Symbol.for('message');

export interface Collected {
  readonly logger: Logger;
  /** Lines written so far, parsed from what the final format produced. */
  lines(): Line[];
  /** Bounded wait until at least `count` lines arrived (a slow transport lags behind the calls). */
  waitFor(count: number, timeoutMs?: number): Promise<Line[]>;
  /** Ends the logger and waits for 'finish'. Call after `waitFor`: winston's end() drops lines still queued. */
  close(): Promise<void>;
}

function collected(logger: Logger, raw: string[]): Collected {
  const lines = () => raw.map((line) => JSON.parse(line) as Line);
  return {
    logger,
    lines,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (raw.length < count && Date.now() < deadline) await sleep(5);
      return lines();
    },
    close: () =>
      new Promise<void>((resolve) => {
        logger.once('finish', () => resolve());
        logger.end();
      }),
  };
}

/** A logger writing through `winston.transports.Stream` into memory: formats run inside the call. */
export function streamLogger(format: Logform.Format, options: winston.LoggerOptions = {}): Collected {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  const logger = winston.createLogger({ level: 'debug', ...options, format, transports: [new winston.transports.Stream({ stream })] });
  return collected(logger, raw);
}

/**
 * A transport that takes `minMs`–`maxMs` per line and buffers at most one line
 * (`highWaterMark: 1`), so it says "stop" almost at once: like a File or Http transport under load.
 */
export class SlowTransport extends TransportStream {
  readonly raw: string[] = [];

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    format?: Logform.Format,
  ) {
    // winston-transport passes highWaterMark to its Writable, but its typings omit it
    super({ highWaterMark: 1, format } as TransportStream.TransportStreamOptions);
  }

  override log(info: Record<symbol, unknown>, callback: () => void): void {
    this.raw.push(String(info[MESSAGE]));
    setTimeout(callback, this.minMs + Math.floor(Math.random() * (this.maxMs - this.minMs + 1)));
  }
}

/** A logger writing through a `SlowTransport`; `transportFormat` runs in the transport, later still. */
export function slowLogger(format: Logform.Format | undefined, options: { minMs?: number; maxMs?: number; transportFormat?: Logform.Format } = {}): Collected {
  const transport = new SlowTransport(options.minMs ?? 5, options.maxMs ?? 10, options.transportFormat);
  const logger = winston.createLogger({ level: 'debug', ...(format ? { format } : {}), transports: [transport] });
  return collected(logger, transport.raw);
}
