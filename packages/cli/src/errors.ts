/**
 * A user error: a bad flag, a missing, empty or malformed file. `main` prints its message (no stack
 * trace) and exits 2. Anything else that escapes is a bug in the CLI and is shown with its stack.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** An input problem at `where` (`file:line`). */
export function inputError(where: string, problem: string): CliError {
  return new CliError(`${where}: ${problem}`);
}
