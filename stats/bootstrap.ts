/**
 * Percentile-bootstrap confidence intervals: of a median, of a ratio of two medians, and of the
 * median of paired ratios. Deterministic for a given seed; empty input is a `RangeError`.
 *
 * @module
 */
import { median, medianOfSorted, quantile, requireValues, sortedCopy } from "./descriptive.ts";
import { type RandomSource, seededRandom } from "./random.ts";

/** Options of the percentile bootstraps. */
export interface BootstrapOptions {
  /** Seed of the resampling generator (see {@linkcode seededRandom}). */
  seed: number;
  /** Number of resamples (default 10000). */
  resamples?: number;
  /** Two-sided confidence level in `(0, 1)` (default 0.95). */
  confidence?: number;
}

/** Bounds of a confidence interval. */
export interface ConfidenceInterval {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
}

/** A ratio with its confidence interval. */
export interface RatioInterval extends ConfidenceInterval {
  /** Point estimate: `median(current) / median(base)`. */
  ratio: number;
}

const DEFAULT_RESAMPLES = 10000;
const DEFAULT_CONFIDENCE = 0.95;

/** Validated bootstrap options with defaults applied. */
function bootstrapSettings(options: BootstrapOptions): { resamples: number; tail: number } {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1 (exclusive), got ${confidence}`);
  }
  return { resamples, tail: (1 - confidence) / 2 };
}

/**
 * Draws one bootstrap resample of `sorted` and returns its median without sorting: it counts how
 * often each index is drawn in `counts` (reused, length n) and walks the counts to the middle.
 * O(n) per resample and no allocation.
 */
function resampledMedian(sorted: Float64Array, counts: Uint32Array, random: RandomSource): number {
  const n = sorted.length;
  counts.fill(0);
  for (let draw = 0; draw < n; draw++) counts[Math.floor(random() * n)]++;
  const upperRank = n >> 1; // 0-based rank of the upper middle value
  const lowerRank = n % 2 === 1 ? upperRank : upperRank - 1;
  let seen = 0;
  let lowerIndex = -1;
  for (let index = 0; index < n; index++) {
    seen += counts[index];
    if (lowerIndex < 0 && seen > lowerRank) lowerIndex = index;
    if (seen > upperRank) return (sorted[lowerIndex] + sorted[index]) / 2;
  }
  return NaN; // unreachable: the counts add up to n
}

/**
 * Percentile-bootstrap confidence interval of the median: resamples `values` with replacement,
 * takes the median of each resample and returns the `(1 − confidence)/2` and `(1 + confidence)/2`
 * type-7 quantiles of those medians. Deterministic for a given seed; one value gives
 * `low = high = value`. Throws a `RangeError` on an empty list.
 *
 * @example
 * ```ts
 * const { low, high } = bootstrapMedianCi([9.8, 10.1, 10, 10.3, 9.9], { seed: 1 });
 * ```
 */
export function bootstrapMedianCi(values: readonly number[], options: BootstrapOptions): ConfidenceInterval {
  requireValues(values, "bootstrapMedianCi");
  const { resamples, tail } = bootstrapSettings(options);
  const sorted = sortedCopy(values);
  if (sorted.length === 1) return { low: sorted[0], high: sorted[0] };
  const random = seededRandom(options.seed);
  const counts = new Uint32Array(sorted.length);
  const medians = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    medians[resample] = resampledMedian(sorted, counts, random);
  }
  medians.sort();
  return { low: quantile(medians, tail), high: quantile(medians, 1 - tail) };
}

/**
 * Percentile-bootstrap confidence interval of `median(current) / median(base)`, resampling both
 * lists independently from one seeded stream. A ratio above 1 means `current` is faster when the
 * values are throughputs. Throws a `RangeError` when either list is empty.
 *
 * @example
 * ```ts
 * const { ratio, low, high } = bootstrapRatioOfMediansCi([10, 10.2, 9.9], [12, 12.1, 11.8], { seed: 1 });
 * // ratio ≈ 1.19; the speed-up is significant when low > 1
 * ```
 */
export function bootstrapRatioOfMediansCi(
  base: readonly number[],
  current: readonly number[],
  options: BootstrapOptions,
): RatioInterval {
  requireValues(base, "bootstrapRatioOfMediansCi (base)");
  requireValues(current, "bootstrapRatioOfMediansCi (current)");
  const { resamples, tail } = bootstrapSettings(options);
  const sortedBase = sortedCopy(base);
  const sortedCurrent = sortedCopy(current);
  const random = seededRandom(options.seed);
  const baseCounts = new Uint32Array(sortedBase.length);
  const currentCounts = new Uint32Array(sortedCurrent.length);
  const ratios = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    const baseMedian = resampledMedian(sortedBase, baseCounts, random);
    ratios[resample] = resampledMedian(sortedCurrent, currentCounts, random) / baseMedian;
  }
  ratios.sort();
  return {
    ratio: medianOfSorted(sortedCurrent) / medianOfSorted(sortedBase),
    low: quantile(ratios, tail),
    high: quantile(ratios, 1 - tail),
  };
}

/** A ratio from paired measurements, with its percentile-bootstrap CI. */
export interface PairedRatio extends RatioInterval {
  /** Pairs it was computed from. */
  pairs: number;
}

/**
 * Median of the per-pair ratios `numerators[i] / denominators[i]` with a bootstrap CI of that
 * median: for measurements taken in pairs (two variants back to back), where drift between pairs
 * cancels in each ratio. `null` without pairs; the lists must have the same length.
 *
 * @example
 * ```ts
 * pairedRatioCi([9.9, 5.0, 10.1], [10, 5.05, 10.2], { seed: 1 }); // ratio 0.99
 * ```
 */
export function pairedRatioCi(
  numerators: readonly number[],
  denominators: readonly number[],
  options: BootstrapOptions,
): PairedRatio | null {
  if (numerators.length !== denominators.length) throw new RangeError("pairedRatioCi: lists of different lengths");
  if (numerators.length === 0) return null;
  const ratios = numerators.map((n, i) => n / denominators[i]);
  return { ratio: median(ratios), ...bootstrapMedianCi(ratios, options), pairs: ratios.length };
}
