/**
 * `shutdownOnExit(tracer?, options?)`: export what is queued when the process is asked to stop
 * (SIGTERM, SIGINT) or runs out of work ('beforeExit'), bounded by a timeout, without taking over
 * the app's own shutdown:
 * - the app listens for the signal too: tracewire only flushes, and the tracer keeps recording;
 *   the app's listeners decide whether, when and how the process exits;
 * - tracewire is the only listener: it shuts the tracer down, removes itself and raises the signal
 *   again, so the process ends exactly as it would have without tracewire (killed by the signal);
 * - 'beforeExit' (the event loop is empty): it shuts the tracer down, and the process then exits
 *   with the exit code it was going to have.
 * `process.exit()` skips all of this: no asynchronous work can run after it, so spans still queued
 * are lost. Await `tracer.shutdown()` before calling it (during a flush started here it returns
 * the same flush), or set `process.exitCode` and let the process end on its own.
 */
import { constants } from 'node:os';
import { getTracer } from './create-tracer';
import { reportError, warn } from './diag';
import { invalidOption } from './errors';
import type { FlushResult, Tracer } from './types';

export interface ShutdownOnExitOptions {
  /** Longest wait for the flush, in milliseconds; default 5000. */
  timeoutMillis?: number;
  /** Signals to flush on; default `['SIGTERM', 'SIGINT']`. */
  signals?: NodeJS.Signals[];
  /** Also shut down when the event loop runs empty ('beforeExit'); default true. */
  beforeExit?: boolean;
}

const DEFAULT_TIMEOUT_MILLIS = 5000;
const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
const MAX_TIMER_MS = 2 ** 31 - 1;
/** These cannot be caught: a listener for them throws. */
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

/** Every signal listener installed here, to tell them apart from the app's own. */
const ownListeners = new WeakSet<(...args: never[]) => void>();
/** Shutdowns still running per signal: the last one to finish raises the signal again. */
const pendingBySignal = new Map<NodeJS.Signals, number>();

function checkOptions(options: ShutdownOnExitOptions): { timeoutMillis: number; signals: NodeJS.Signals[]; beforeExit: boolean } {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  const timeoutMillis = options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
  if (!Number.isInteger(timeoutMillis) || timeoutMillis < 1 || timeoutMillis > MAX_TIMER_MS) {
    throw invalidOption('timeoutMillis', options.timeoutMillis, `an integer number of milliseconds from 1 to ${MAX_TIMER_MS}`);
  }
  const signals = options.signals ?? [...DEFAULT_SIGNALS];
  const catchable = (signal: unknown): boolean =>
    typeof signal === 'string' && Object.hasOwn(constants.signals, signal) && !UNCATCHABLE.has(signal);
  if (!Array.isArray(signals) || !signals.every(catchable)) {
    throw invalidOption('signals', options.signals, 'an array of catchable signal names such as "SIGTERM"');
  }
  const beforeExit = options.beforeExit ?? true;
  if (typeof beforeExit !== 'boolean') throw invalidOption('beforeExit', options.beforeExit, 'true or false');
  return { timeoutMillis, signals: [...new Set(signals)], beforeExit };
}

/** Installs the handlers; returns a function that removes them again. Throws only for bad options. */
export function shutdownOnExit(tracer?: Tracer, options: ShutdownOnExitOptions = {}): () => void {
  if (tracer !== undefined && typeof tracer?.shutdown !== 'function') throw invalidOption('tracer', tracer, 'a tracer from createTracer()');
  const { timeoutMillis, signals, beforeExit } = checkOptions(options);
  const target = (): Tracer => tracer ?? getTracer();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= bounded((t) => t.shutdown(timeoutMillis), target, timeoutMillis, 'shut down'));

  const onSignal = (signal: NodeJS.Signals): void => {
    if (hasAppListeners(signal)) {
      // The app is in charge and may well keep running: flush, and leave the tracer recording.
      void bounded((t) => t.forceFlush(timeoutMillis), target, timeoutMillis, 'flush');
      return;
    }
    if (stopping !== undefined) {
      // asked to stop again while stopping: stop now, as the second Ctrl-C does elsewhere
      raiseAgain(signal);
      return;
    }
    pendingBySignal.set(signal, (pendingBySignal.get(signal) ?? 0) + 1);
    void stop().then(() => {
      const left = (pendingBySignal.get(signal) ?? 1) - 1;
      pendingBySignal.set(signal, left);
      if (left === 0 && !hasAppListeners(signal)) raiseAgain(signal);
    });
  };
  const onBeforeExit = (): void => {
    // once only: the shutdown's own timer makes the loop run again, and 'beforeExit' fire again
    if (stopping === undefined) void stop();
  };

  ownListeners.add(onSignal);
  for (const signal of signals) process.on(signal, onSignal);
  if (beforeExit) process.on('beforeExit', onBeforeExit);
  return () => {
    for (const signal of signals) process.removeListener(signal, onSignal);
    process.removeListener('beforeExit', onBeforeExit);
  };
}

function hasAppListeners(signal: NodeJS.Signals): boolean {
  return process.listeners(signal).some((listener) => !ownListeners.has(listener as (...args: never[]) => void));
}

/** Ends the process the way `signal` would have without tracewire: no listener left, the default action. */
function raiseAgain(signal: NodeJS.Signals): void {
  for (const listener of process.listeners(signal)) {
    if (ownListeners.has(listener as (...args: never[]) => void)) process.removeListener(signal, listener as () => void);
  }
  process.kill(process.pid, signal);
}

/**
 * Runs `work` on the tracer, resolving when it settles or after `timeoutMillis`. The timer is not
 * unref'd on purpose: export sockets and batch timers are, so this timer is what keeps the process
 * alive until the spans are out. Never rejects; a throwing or hanging tracer is reported.
 */
function bounded(
  work: (tracer: Tracer) => Promise<FlushResult>,
  target: () => Tracer,
  timeoutMillis: number,
  what: string,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let settled = false;
    const finish = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (timedOut) warn(`shutdownOnExit: the tracer did not ${what} within ${timeoutMillis} ms; spans still queued may be lost`);
      resolve();
    };
    const timer = setTimeout(() => finish(true), timeoutMillis);
    let result: Promise<FlushResult>;
    try {
      result = Promise.resolve(work(target()));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (flushed) => finish(flushed?.timedOut === true),
      (error: unknown) => {
        reportError(error, `shutdownOnExit (${what})`);
        finish(false);
      },
    );
  });
}
