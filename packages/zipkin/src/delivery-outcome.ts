/**
 * Words what core's HTTP delivery reports as the Zipkin exporter's results: any 2xx is success
 * (SPEC-NOTES 8.1); a failure names the status and the start of Zipkin's answer, or what ended
 * the export early.
 */
import { ExportResultCode, type ExportResult, type HttpDeliveryResult } from '@tracewire/core';

/** SPEC-NOTES 7.5 (adopted by 8.1): response bodies are read up to 4 MiB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** How much of an error response goes into the message. */
const KEPT_BODY_BYTES = 512;

export const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });

export function failed(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}

/** `timeoutMillis`: the export deadline it ran under (0 = none). */
export function toExportResult(result: HttpDeliveryResult, timeoutMillis: number): ExportResult {
  return result.ok ? SUCCESS : failed(deliveryError(result, timeoutMillis));
}

function deliveryError(result: HttpDeliveryResult, timeoutMillis: number): Error {
  const { last } = result;
  if (result.stop === 'aborted' || last === undefined || last.kind === 'aborted') {
    return new Error('export aborted: the exporter was shut down');
  }
  if (result.stop === 'deadline') return new Error(`export deadline of ${timeoutMillis} ms reached`);
  switch (last.kind) {
    case 'timeout':
      return new Error('no answer from Zipkin before the export deadline');
    case 'too-large':
      return new Error(`Zipkin's response body exceeds ${MAX_RESPONSE_BYTES} bytes`);
    case 'network-error':
    case 'request-error':
      return last.error;
    case 'response': {
      const text = last.body.toString('utf8', 0, Math.min(last.body.length, KEPT_BODY_BYTES));
      return new Error(`Zipkin answered HTTP ${last.status}${text ? `: ${text}` : ''}`);
    }
  }
}
