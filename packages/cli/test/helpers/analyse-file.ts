/** Writes hand-built spans to a real JSONL file and runs the CLI's read → assemble → analyse steps on it. */
import { analyseTrace } from '../../src/analyse/analyse-trace';
import { buildTraces } from '../../src/assemble/build-traces';
import { readSpanFile } from '../../src/read/read-spans';
import type { AnalyseOptions, TraceAnalysis } from '../../src/types';
import { jsonlLines, tempDir, traceIdOf, type SpanSpec } from './span-files';

export async function analyseSpecs(specs: SpanSpec[], options?: AnalyseOptions): Promise<TraceAnalysis> {
  const dir = await tempDir();
  try {
    const file = await dir.write('spans.jsonl', `${jsonlLines(traceIdOf(1), specs)}\n`);
    const { traces } = buildTraces(await readSpanFile(file));
    expect(traces).toHaveLength(1);
    return analyseTrace(traces[0]!, options);
  } finally {
    await dir.remove();
  }
}

/** The critical path as `[span name, start ms, end ms]`, rounded to the microsecond. */
export function segmentsOf(analysis: TraceAnalysis): Array<[string, number, number]> {
  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  return analysis.criticalPath.segments.map((s) => [s.span.record.name, round(s.start), round(s.end)]);
}

/** Each span's own time on the path, by name. */
export function pathTimes(analysis: TraceAnalysis): Record<string, number> {
  return Object.fromEntries(analysis.criticalPath.spans.map((e) => [e.span.record.name, Math.round(e.time * 1000) / 1000]));
}
