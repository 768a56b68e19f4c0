// Export list only (DESIGN §3).
export { traceFormat } from './trace-format';
export { captureTraceIds } from './capture-trace-ids';
export type { TraceFormatOptions, LogFieldPreset } from './types';
