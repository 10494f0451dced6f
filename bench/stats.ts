/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of the ratios x[i] / y[i] of two series measured side by side (same length). */
export function pairedRatio(x: readonly number[], y: readonly number[]): number | undefined {
  if (x.length === 0 || x.length !== y.length) return undefined;
  return median(x.map((v, i) => v / y[i]));
}
