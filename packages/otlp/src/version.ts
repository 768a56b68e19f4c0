/** The exporter's identity for the User-Agent header (SPEC-NOTES 7.2, RFC 9110 product form). */

function readVersion(): string {
  try {
    // Same relative depth from src (ts-jest) and dist (built): packages/otlp/package.json.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../package.json') as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION: string = readVersion();
export const USER_AGENT = `tracewire-OTLP-Exporter-JavaScript/${VERSION}`;
