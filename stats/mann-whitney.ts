/**
 * The two-sided Mann–Whitney U test (Wilcoxon rank-sum) that decides whether two runs of a case
 * differ: exact for small samples without ties, by the normal approximation otherwise (scipy's
 * `method="auto"`), and the smallest p-value two sample sizes can give at all.
 *
 * @module
 */
import { requireValues } from "./descriptive.ts";

/** How the p-value is computed: `auto` is exact for small samples without ties, else asymptotic. */
export type MannWhitneyMethod = "auto" | "exact" | "asymptotic";

/** Result of a two-sided Mann–Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of the first sample (as scipy's `mannwhitneyu` reports it). */
  u: number;
  /** Two-sided p-value, in `[0, 1]`. */
  pValue: number;
  /** How `pValue` was computed. */
  method: "exact" | "asymptotic";
}

/**
 * Beyond this size on both sides the normal approximation is used (scipy's rule). Below it the
 * approximation is poor exactly where it matters: with 1 sample against many it can never go
 * below 0.05, while the exact test can.
 */
const EXACT_MAX_SMALLER_SIDE = 8;

/** The exact distribution is counted in doubles: only while every count is an exact integer. */
const EXACT_MAX_ARRANGEMENTS = Number.MAX_SAFE_INTEGER;

/** C(n, k) in doubles (exact while below 2⁵³). */
function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) result = (result * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(result);
}

/**
 * How many arrangements of `m` and `n` values give each U = 0…m·n: the coefficients of the
 * Gaussian binomial [m+n choose m]_q, built as ∏ₖ (1 − q^(n+k)) / (1 − q^k) for k = 1…m.
 */
function uCounts(m: number, n: number): Float64Array {
  const counts = new Float64Array(m * n + 1);
  counts[0] = 1;
  for (let k = 1; k <= m; k++) {
    const shift = n + k;
    for (let u = counts.length - 1; u >= shift; u--) counts[u] -= counts[u - shift];
    for (let u = k; u < counts.length; u++) counts[u] += counts[u - k];
  }
  return counts;
}

/** Exact two-sided p-value of U for sizes `n1`, `n2` without ties: 2·P(U ≤ min(u, n1·n2 − u)), at most 1. */
function exactPValue(u: number, n1: number, n2: number): number {
  const counts = uCounts(Math.min(n1, n2), Math.max(n1, n2));
  const tail = Math.min(u, n1 * n2 - u);
  let below = 0;
  for (let k = 0; k <= tail; k++) below += counts[k];
  return Math.min(1, (2 * below) / binomial(n1 + n2, n1));
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
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum), as scipy's `mannwhitneyu(a, b, method=…)`:
 * `exact` counts every arrangement (no ties only); `asymptotic` is the normal approximation with
 * tie and continuity corrections; `auto` (default) is exact when one side has at most 8 values and
 * there is no tie, asymptotic otherwise. `u` is the statistic of `a` (the number of pairs where `a`
 * wins, ties counting ½). When every value is tied the p-value is 1. Throws a `RangeError` when
 * either sample is empty.
 *
 * @example
 * ```ts
 * mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]); // { u: 17, pValue: 0.1111…, method: "exact" }
 * ```
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  method: MannWhitneyMethod = "auto",
): MannWhitneyResult {
  requireValues(a, "mannWhitneyU (a)");
  requireValues(b, "mannWhitneyU (b)");
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const { ranks, tieTerm } = midranks([...a, ...b]);
  let rankSumA = 0;
  for (let index = 0; index < n1; index++) rankSumA += ranks[index];
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const exactFits = tieTerm === 0 && binomial(n, n1) <= EXACT_MAX_ARRANGEMENTS;
  if (method === "exact" && !exactFits) {
    throw new RangeError("mannWhitneyU: the exact method needs samples without ties and at most 2^53 arrangements");
  }
  if (method === "exact" || (method === "auto" && exactFits && Math.min(n1, n2) <= EXACT_MAX_SMALLER_SIDE)) {
    return { u, pValue: exactPValue(u, n1, n2), method: "exact" };
  }
  const expected = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, pValue: 1, method: "asymptotic" };
  const z = Math.max(0, Math.abs(u - expected) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, erfc(z / Math.SQRT2)), method: "asymptotic" };
}

/**
 * The smallest two-sided p-value the test ({@linkcode mannWhitneyU}, `auto`) can give for these
 * sample sizes: that of two fully separated samples, 2 / C(n1 + n2, n1) where the exact method
 * applies. When it is not below the significance level, no difference can be significant.
 *
 * @example
 * ```ts
 * smallestPossiblePValue(1, 5); // 0.333…: one sample against five can never be significant
 * ```
 */
export function smallestPossiblePValue(n1: number, n2: number): number {
  const low = Array.from({ length: n1 }, (_, i) => i);
  const high = Array.from({ length: n2 }, (_, i) => n1 + i);
  return mannWhitneyU(high, low).pValue;
}
