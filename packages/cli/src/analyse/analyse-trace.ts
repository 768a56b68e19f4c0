/** Everything `tracewire view` reports about one trace, in the order the steps depend on each other. */
import type { AnalyseOptions, Trace, TraceAnalysis } from '../types';
import { serviceBreakdown } from './breakdown';
import { adjustForSkew, computeSelfTimes, DEFAULT_SKEW_TOLERANCE_MS } from './clock-skew';
import { criticalPath } from './critical-path';
import { errorPath } from './error-path';
import { serviceMap } from './service-map';

export function analyseTrace(trace: Trace, options: AnalyseOptions = {}): TraceAnalysis {
  adjustForSkew(trace, options.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS);
  computeSelfTimes(trace);
  return {
    trace,
    criticalPath: criticalPath(trace.root),
    errorPath: errorPath(trace),
    breakdown: serviceBreakdown(trace),
    serviceMap: serviceMap([trace]),
  };
}
