/**
 * The two-sided Mann–Whitney U test (Wilcoxon rank-sum) that decides whether two runs of a case
 * differ.
 *
 * @module
 */
import { requireValues } from "./descriptive.ts";

/** Result of a two-sided Mann–Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of the first sample (as scipy's `mannwhitneyu` reports it). */
  u: number;
  /** Two-sided p-value, in `[0, 1]`. */
  pValue: number;
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
