/**
 * Errors thrown at construction for invalid *code* options (SPEC-NOTES 0.2, 0.7). Nothing in
 * tracewire throws at run time; these exist so setup mistakes fail fast with a greppable code.
 */
export type TracewireErrorCode =
  | 'TW_ERR_INVALID_OPTION'
  | 'TW_ERR_UNKNOWN_EXPORTER'
  | 'TW_ERR_UNKNOWN_PROPAGATOR';

export class TracewireError extends Error {
  readonly code: TracewireErrorCode;

  constructor(code: TracewireErrorCode, message: string) {
    super(`${message} [${code}]`);
    this.name = 'TracewireError';
    this.code = code;
  }
}

/** `option` was given `value`, which is not `expected`. */
export function invalidOption(option: string, value: unknown, expected: string): TracewireError {
  return new TracewireError(
    'TW_ERR_INVALID_OPTION',
    `tracewire: option "${option}" must be ${expected}, got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
