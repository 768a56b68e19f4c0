/** Routes tracewire's diagnostics into arrays for one test: call it in `beforeEach`. */
import { setDiagLogger, setErrorHandler } from '../../src/diag';

export interface CapturedDiagnostics {
  /** messages passed to the diag logger's `warn` */
  readonly warnings: string[];
  /** errors tracewire caught and reported, with where they were caught */
  readonly reported: Array<{ error: unknown; where: string }>;
}

export function captureDiagnostics(): CapturedDiagnostics {
  const captured: CapturedDiagnostics = { warnings: [], reported: [] };
  setDiagLogger({ warn: (message) => captured.warnings.push(message), error: () => undefined });
  setErrorHandler((error, where) => captured.reported.push({ error, where }));
  return captured;
}
