// Export list only (DESIGN §3). Grouped by concept; every name here is public API.
export * from './types';
export { TracewireError, type TracewireErrorCode } from './errors';
export {
  setDiagLogger,
  setErrorHandler,
  type DiagLogger,
  type ErrorHandler,
} from './diag';
export {
  active,
  activeSpan,
  currentIds,
  run,
  bind,
  bindEmitter,
  withSpan,
  withBaggage,
  withValue,
  suppressTracing,
  isTracingSuppressed,
} from './context/store';
export { generateTraceId, generateSpanId, isValidTraceId, isValidSpanId } from './ids';
export { toUnixNanoString } from './trace/clock';
