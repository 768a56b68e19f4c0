/**
 * Graceful shutdown: when the app closes, spans still queued in the batch processor are exported
 * before the process goes away. Bounded, and never fails `app.close()`.
 */
import { getTracer, type Tracer } from '@tracewire/core';

/** How long `app.close()` may wait for the last export. */
export const FLUSH_TIMEOUT_MILLIS = 5000;

export async function flushTracer(tracer: Tracer | undefined): Promise<void> {
  try {
    // forceFlush is bounded by its timeout and never rejects; the catch covers a broken tracer
    await (tracer ?? getTracer()).forceFlush(FLUSH_TIMEOUT_MILLIS);
  } catch {
    // closing the app matters more than the last spans
  }
}
