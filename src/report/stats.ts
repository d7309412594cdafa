// Small statistics for reports: means with a 95 % Student-t interval.

/** Two-sided 95 % quantiles of Student's t for 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959964;

/** t(0.975, df); past 30 the Cornish–Fisher expansion around the normal quantile (error < 0.001). */
export function t975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1];
  const z = Z975;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export interface Interval {
  n: number;
  mean: number;
  /** Bounds of the 95 % t-interval; infinite for a single value (its spread is unknown). */
  low: number;
  high: number;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : Number.NaN;
}

/** Mean with a 95 % t-interval (sample standard deviation, n − 1). Undefined for no values. */
export function meanInterval(values: readonly number[]): Interval | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const m = mean(values);
  if (n === 1) return { n, mean: m, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  const half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { n, mean: m, low: m - half, high: m + half };
}
