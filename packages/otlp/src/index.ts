// Export list only (DESIGN §3). Importing the package registers the exporter name `otlp`.
import './register';

export { OtlpTraceExporter, MAX_REQUEST_BYTES } from './otlp-trace-exporter';
export { encodeTraceRequest } from './protobuf/encode-trace';
export { USER_AGENT } from './version';
export type {
  OtlpCompression,
  OtlpExporterStats,
  OtlpProtocol,
  OtlpTraceExporterConfig,
  OtlpTraceExporterOptions,
} from './types';
