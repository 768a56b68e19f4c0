// Export list only (DESIGN §3): the CLI as a library, for scripts and tests.
export * from './types';
export { main, EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE, EXIT_INTERNAL } from './main';
export { parseArgs, parseDuration, USAGE, type Args, type ViewArgs } from './args';
export { CliError } from './errors';
export { readSpanFile } from './read/read-spans';
export { buildTraces, type Assembly } from './assemble/build-traces';
export { analyseTrace } from './analyse/analyse-trace';
export { adjustForSkew, computeSelfTimes, DEFAULT_SKEW_TOLERANCE_MS } from './analyse/clock-skew';
export { criticalPath } from './analyse/critical-path';
export { errorPath } from './analyse/error-path';
export { serviceBreakdown } from './analyse/breakdown';
export { serviceMap } from './analyse/service-map';
export { percentile } from './analyse/percentile';
export { matchesFilter } from './filter';
export { renderTextReport, type TextReportOptions } from './render/text-report';
export { renderHtmlReport, type HtmlReportOptions } from './render/html-report';
export { jsonReport, JSON_VERSION } from './render/json-report';
