/**
 * Headless Chromium for the HTML report test: found on PATH as `chromium` (Debian's package) or
 * `chromium-browser`; absent, the test is skipped with a message saying so. Each run gets its own
 * profile directory, so parallel runs do not fight over one.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir === '') continue;
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Runs Chromium headless on `url` with `args` added; resolves with its stdout (e.g. the --dump-dom output). */
export async function runChromium(binary: string, url: string, args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'tracewire-chromium-'));
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        binary,
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', `--user-data-dir=${profile}`, ...args, url],
        { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => (error ? reject(new Error(`${binary} failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
