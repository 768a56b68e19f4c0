/** Runs the CLI's `main` in-process with captured streams. */
import { main } from '../../src/main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  isTTY?: boolean;
  columns?: number;
  env?: Record<string, string | undefined>;
}

export async function runMain(argv: string[], options: RunOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.isTTY, columns: options.columns },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** Display width of a line (code points; the report uses no wide characters). */
export const columnsOf = (line: string): number => [...line].length;
