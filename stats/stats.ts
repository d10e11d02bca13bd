/**
 * Pure, deterministic statistics for benchmark samples: descriptive summaries, a seeded random
 * generator and shuffle for run plans, percentile-bootstrap confidence intervals, MAD outliers and
 * a Mann–Whitney U test for comparing two runs.
 *
 * Conventions: point statistics of an empty list (`median`, `mean`, `quantile`) are `NaN`;
 * functions that need data to mean anything (`summarize`, the bootstraps, `mannWhitneyU`) throw a
 * `RangeError` on an empty list. Nothing here reads the clock or `Math.random`: the same input and
 * seed always give the same output.
 *
 * @module
 */
import type { CaseStats, Summary } from "../model/types.ts";

/** A source of uniform random numbers in `[0, 1)`. */
export type RandomSource = () => number;

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

/** Result of a two-sided Mann–Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of the first sample (as scipy's `mannwhitneyu` reports it). */
  u: number;
  /** Two-sided p-value, in `[0, 1]`. */
  pValue: number;
}

const DEFAULT_RESAMPLES = 10000;
const DEFAULT_CONFIDENCE = 0.95;
/** Modified z-score cut-off recommended by Iglewicz & Hoaglin. */
const DEFAULT_OUTLIER_THRESHOLD = 3.5;
/** 0.6745 ≈ Φ⁻¹(0.75): makes the MAD a consistent estimator of σ for normal data. */
const MAD_SCALE = 0.6745;
/** 1.253314 ≈ √(π/2): makes the mean absolute deviation consistent with σ (used when MAD is 0). */
const MEAN_ABSOLUTE_DEVIATION_SCALE = 1.253314;

/**
 * A seeded pseudo-random generator: mulberry32 (Tommy Ettinger, public domain), 32 bits of state,
 * period 2³², good enough for shuffling and resampling and fast in V8. The seed is reduced to an
 * unsigned 32-bit integer (`seed >>> 0`), so seeds equal modulo 2³² give the same stream.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * const first = random(); // always the same for seed 42, in [0, 1)
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shuffled copy of `items` (Fisher–Yates); the input is left untouched.
 *
 * @example
 * ```ts
 * const order = shuffle([1, 2, 3, 4], seededRandom(7)); // same order for the same seed
 * ```
 */
export function shuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const result = items.slice();
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const kept = result[index];
    result[index] = result[other];
    result[other] = kept;
  }
  return result;
}

/** An ascending numeric sorted copy of `values`. */
function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Median of an ascending array (`NaN` when empty). */
function medianOfSorted(sorted: ArrayLike<number>): number {
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

/** Throws a `RangeError` naming `what` when `values` is empty. */
function requireValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what} needs at least one value`);
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

/**
 * Summary statistics with a 95% percentile-bootstrap interval of the median (10000 resamples,
 * seeded). `cv` is `stddev / mean` (0 when the mean is 0). Throws a `RangeError` on an empty list.
 *
 * @example
 * ```ts
 * const summary = summarize([10.2, 10.4, 9.9, 10.1], 1234);
 * summary.median; // 10.15
 * ```
 */
export function summarize(values: readonly number[], seed: number): Summary {
  requireValues(values, "summarize");
  const sorted = sortedCopy(values);
  const average = mean(values);
  const stddev = sampleStddev(values);
  const interval = bootstrapMedianCi(values, { seed, confidence: 0.95 });
  return {
    n: values.length,
    median: medianOfSorted(sorted),
    mean: average,
    stddev,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    cv: average === 0 ? 0 : stddev / average,
    ci95Low: interval.low,
    ci95High: interval.high,
  };
}

/**
 * Statistics of one case's throughputs (GiB/s, in sample order): the summary and the indices of
 * MAD outliers (threshold 3.5). `null` when there is no sample.
 *
 * @example
 * ```ts
 * const stats = caseStats(samples.map((sample) => sample.gibPerSecond), results.seed);
 * ```
 */
export function caseStats(gibPerSecondValues: readonly number[], seed: number): CaseStats | null {
  if (gibPerSecondValues.length === 0) return null;
  return {
    throughputGibPerSecond: summarize(gibPerSecondValues, seed),
    outliers: madOutliers(gibPerSecondValues),
  };
}

/**
 * Complementary error function, W. J. Cody's rational Chebyshev approximation as given in
 * Numerical Recipes (`erfcc`), fractional error below 1.2e-7 everywhere.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial = -z * z - 1.26551223 +
    t * (1.00002368 +
        t * (0.37409196 +
            t * (0.09678418 +
                t * (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const result = t * Math.exp(polynomial);
  return x >= 0 ? result : 2 - result;
}

/** Midranks (1-based, ties share their average rank) of `values`, plus Σ(t³ − t) over tie groups. */
function midranks(values: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const order = values.map((_, index) => index).sort((left, right) => values[left] - values[right]);
  const ranks = new Float64Array(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) ranks[order[position]] = rank;
    const tied = end - start;
    tieTerm += tied ** 3 - tied;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum) by the normal approximation with tie and
 * continuity corrections — the same as scipy's `mannwhitneyu(a, b, method="asymptotic")`.
 * `u` is the statistic of `a` (the number of pairs where `a` wins, ties counting ½). When every
 * value is tied the p-value is 1. Throws a `RangeError` when either sample is empty.
 *
 * @example
 * ```ts
 * mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]); // { u: 17, pValue: 0.1113… }
 * ```
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  requireValues(a, "mannWhitneyU (a)");
  requireValues(b, "mannWhitneyU (b)");
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const { ranks, tieTerm } = midranks([...a, ...b]);
  let rankSumA = 0;
  for (let index = 0; index < n1; index++) rankSumA += ranks[index];
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const expected = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, pValue: 1 };
  const z = Math.max(0, Math.abs(u - expected) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, erfc(z / Math.SQRT2)) };
}
