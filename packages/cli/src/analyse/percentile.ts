/**
 * Nearest-rank percentile: the smallest value with at least p % of the values at or below it,
 * i.e. sorted[ceil(p/100 · n) − 1]. Always one of the observed values; NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
