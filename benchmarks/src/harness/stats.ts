/** Summary of repeated measurements: run count, median and spread. */
export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** First and third quartile (linear interpolation). */
  q1: number;
  q3: number;
}

/** The q-quantile (0..1) of already sorted numbers, by linear interpolation; NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** The q-quantile (0..1) of unsorted numbers. */
export function quantile(values: readonly number[], q: number): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    q,
  );
}

/** Median, min–max and IQR of a set of runs. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: quantileSorted(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
  };
}

/** Element-wise ratios a[i]/b[i] of paired runs (same round), so drift between rounds cancels. */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  const count = Math.min(numerators.length, denominators.length);
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) ratios.push((numerators[i] as number) / (denominators[i] as number));
  return ratios;
}

/** Formats a summary as "median (min–max, n runs)" with the given formatter. */
export function formatSummary(summary: Summary, format: (value: number) => string): string {
  return `${format(summary.median)} (${format(summary.min)}–${format(summary.max)}, n=${summary.runs})`;
}
