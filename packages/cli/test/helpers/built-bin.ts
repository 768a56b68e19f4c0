/**
 * The real executable, `node packages/cli/dist/bin.js`, run as a child process. `ensureBuilt`
 * runs `tsc -b packages/cli` when dist is missing or older than src, so the test never runs
 * stale code.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from '../../../../test-support/node-child';

export const PACKAGE_DIR = join(__dirname, '..', '..');
const REPO_DIR = join(PACKAGE_DIR, '..', '..');
export const BIN = join(PACKAGE_DIR, 'dist', 'bin.js');

function isBuilt(): boolean {
  try {
    statSync(BIN);
    return newestMtime(join(PACKAGE_DIR, 'dist')) >= newestMtime(join(PACKAGE_DIR, 'src'));
  } catch {
    return false;
  }
}

export async function ensureBuilt(): Promise<void> {
  if (isBuilt()) return;
  const tsc = join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [tsc, '-b', 'packages/cli'], { cwd: REPO_DIR, timeout: 180_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`tsc -b packages/cli failed:\n${stdout}${stderr}`)) : resolve(),
    );
  });
}

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with a minimal environment (no TTY: stdout is a pipe). */
export function runBin(args: string[], env: Record<string, string> = {}): Promise<BinRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
