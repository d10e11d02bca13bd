/**
 * Descriptive statistics of a list of values: median, mean, standard deviation, quantiles and
 * MAD outliers. Point statistics of an empty list are `NaN`.
 *
 * @module
 */

/** Modified z-score cut-off recommended by Iglewicz & Hoaglin. */
const DEFAULT_OUTLIER_THRESHOLD = 3.5;
/** 0.6745 ≈ Φ⁻¹(0.75): makes the MAD a consistent estimator of σ for normal data. */
const MAD_SCALE = 0.6745;
/** 1.253314 ≈ √(π/2): makes the mean absolute deviation consistent with σ (used when MAD is 0). */
const MEAN_ABSOLUTE_DEVIATION_SCALE = 1.253314;

/** An ascending numeric sorted copy of `values`. */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Median of an ascending array (`NaN` when empty). */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const middle = n >> 1;
  return n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Median (mean of the two middle values for an even count); `NaN` for an empty list.
 *
 * @example
 * ```ts
 * median([1, 2, 3, 4]); // 2.5
 * ```
 */
export function median(values: readonly number[]): number {
  return medianOfSorted(sortedCopy(values));
}

/** Arithmetic mean; `NaN` for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Sample standard deviation (divisor n − 1, two-pass); 0 for fewer than two values.
 *
 * @example
 * ```ts
 * sampleStddev([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138…
 * ```
 */
export function sampleStddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - average) ** 2;
  return Math.sqrt(sumOfSquares / (values.length - 1));
}

/**
 * Quantile of an already ascending-sorted list by linear interpolation between order statistics
 * (Hyndman & Fan type 7, the default of R's `quantile` and numpy's `quantile`). `q` is clamped to
 * `[0, 1]`; `NaN` for an empty list.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** Throws a `RangeError` naming `what` when `values` is empty. */
export function requireValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what} needs at least one value`);
}

/**
 * Indices of outliers by the modified z-score of Iglewicz & Hoaglin,
 * `0.6745 · |x − median| / MAD > threshold`.
 *
 * When the MAD is 0 (more than half the values equal the median) the score uses the mean absolute
 * deviation instead, `|x − median| / (1.253314 · meanAD)` (the usual fallback, as in IBM SPSS):
 * identical values flag nothing, and a value that differs is flagged only when it stands out from
 * the others' spread rather than merely differing from a tied majority.
 *
 * @example
 * ```ts
 * madOutliers([10, 10.1, 9.9, 10, 30]); // [4]
 * ```
 */
export function madOutliers(values: readonly number[], threshold: number = DEFAULT_OUTLIER_THRESHOLD): number[] {
  if (values.length === 0) return [];
  const center = median(values);
  const deviations = values.map((value) => Math.abs(value - center));
  const mad = median(deviations);
  let scale: number;
  if (mad > 0) {
    scale = mad / MAD_SCALE;
  } else {
    const meanDeviation = mean(deviations);
    if (meanDeviation === 0) return [];
    scale = MEAN_ABSOLUTE_DEVIATION_SCALE * meanDeviation;
  }
  const flagged: number[] = [];
  deviations.forEach((deviation, index) => {
    if (deviation / scale > threshold) flagged.push(index);
  });
  return flagged;
}
