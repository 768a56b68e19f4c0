/** The SDK's identity for resource attributes and user agents, read from core's package.json. */
export const SDK_NAME = 'tracewire';

function readVersion(): string {
  try {
    // Same relative depth from src/config (ts-jest) and dist/config (built): packages/core/package.json.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const SDK_VERSION: string = readVersion();
