/**
 * Plain-node child processes for tests that need a process of their own (signals, exit, what keeps
 * a process alive). They run against the packages' built `dist` (as an installed app would), so
 * `assertBuilt` first checks that dist is not older than the sources: a stale build would test old
 * code (`npx tsc -b packages/<name>` rebuilds it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PACKAGES_DIR = join(__dirname, '..', 'packages');

/** The newest modification time of any file below `dir` (a build is current when dist's ≥ src's). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Throws unless each named package's dist/index.js exists and dist has been built since src/ last changed. */
export function assertBuilt(...names: string[]): void {
  for (const name of names) {
    const dir = join(PACKAGES_DIR, name);
    let built = 0;
    try {
      statSync(join(dir, 'dist', 'index.js'));
      // tsc -b rewrites only the outputs whose sources changed: compare the newest of each side
      built = newestMtime(join(dir, 'dist'));
    } catch {
      // not built at all
    }
    if (built < newestMtime(join(dir, 'src'))) {
      throw new Error(`packages/${name}/dist is missing or older than its sources: run npx tsc -b packages/${name}`);
    }
  }
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface NodeChild {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the child has exited and its output is read, with how it ended. */
  readonly exited: Promise<Exit>;
  /** The first stdout line for which `match` holds, once it arrives; rejects after `limitMs` or when the child exits first. */
  line(match: (line: string) => boolean, limitMs?: number): Promise<string>;
  /** Kills the child if it is still running (for cleanup). */
  kill(): void;
}

/** Runs `node -e script` in `cwd` with `env` added to a minimal environment. */
export function spawnNode(script: string, options: { cwd: string; env?: Record<string, string> }): NodeChild {
  const child = spawn(process.execPath, ['-e', script], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async line(match, limitMs = 15_000) {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const found = out.split('\n').find(match);
        if (found !== undefined) return found;
        if (done) throw new Error(`child exited before printing the expected line; stdout: ${out} stderr: ${err}`);
        if (Date.now() > deadline) throw new Error(`no expected line within ${limitMs} ms; stdout: ${out} stderr: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    kill() {
      if (!done) child.kill('SIGKILL');
    },
  };
}
