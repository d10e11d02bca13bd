/**
 * What an interval of the median means at small sample sizes. With one sample there is none. With
 * 2 to 5 samples the 95% percentile-bootstrap interval of the median is exactly the sample range
 * (min to max: at n ≤ 5 more than 2.5% of resamples have the minimum as their median), and the
 * range of n samples covers the true median with probability 1 − 2·0.5ⁿ, below 95%.
 *
 * @module
 */

/** Up to this many samples the bootstrap interval of the median is the sample range. */
export const RANGE_INTERVAL_MAX_N = 5;

/**
 * Probability that the range of `n` independent samples of a continuous distribution contains its
 * median: 1 − 2·0.5ⁿ (the range misses it only when every sample falls on the same side).
 *
 * @example
 * ```ts
 * medianRangeCoverage(5); // 0.9375
 * ```
 */
export function medianRangeCoverage(n: number): number {
  return 1 - 2 * 0.5 ** n;
}

/** Whether `n` samples have an interval of the median at all (at least two). */
export function hasInterval(n: number): boolean {
  return n >= 2;
}
