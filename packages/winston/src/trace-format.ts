/**
 * `traceFormat()`: the winston format that adds the trace fields of a preset to every line logged
 * inside a trace, and nothing outside one. It prefers the context captured at the log call
 * (`captureTraceIds`) and otherwise reads the context active while it runs — the same thing in the
 * common case, where winston formats synchronously inside the call.
 */
import { active, createLogFields, reportError, type TraceContext } from '@tracewire/core';
import { format, type Logform } from 'winston';
import { assignFields } from './assign-fields';
import { capturedOn } from './captured-context';
import type { TraceFormatOptions } from './types';

/**
 * A winston format adding the preset's trace fields. Bad options throw here (TW_ERR_INVALID_OPTION);
 * at log time it never throws: on a failure the line goes out without ids and the first failure is
 * reported through core's error handler.
 */
export function traceFormat(options: TraceFormatOptions = {}): Logform.Format {
  const fieldsFor = createLogFields(options);
  let reported = false;

  return format((info) => {
    try {
      const captured = capturedOn(info);
      // captured "no context" must stay none: falling back to active() here would pick up
      // whatever request happens to drain the stream
      const context: TraceContext | undefined = captured === undefined ? active() : captured.context;
      const fields = context === undefined ? undefined : fieldsFor(context);
      if (fields !== undefined) assignFields(info, fields);
    } catch (error) {
      if (!reported) {
        reported = true;
        reportError(error, '@tracewire/winston traceFormat');
      }
    }
    return info;
  })();
}
