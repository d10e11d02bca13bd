/**
 * Modes of a case's throughputs: whether the samples form two separate groups (a fast and a slow
 * mode, as when the same case gives 27.8, 8.8, 28.0 and 12.5 GiB/s), so that a report can say so
 * instead of quoting a median that describes neither.
 *
 * The test is a gap test on the sorted logarithms of the values (throughputs vary by factors, and
 * the logarithm makes "3× apart" the same distance at every speed):
 *
 * 1. Among the splits that leave at least {@linkcode minModeSize}`(n)` values on each side (2, or
 *    10% of n: a lone far value is an outlier, not a mode), take the one at the widest gap between
 *    neighbours.
 * 2. Its statistic is that gap divided by the pooled standard deviation within the two groups
 *    (n − 2 degrees of freedom): an empty stretch much wider than the spread inside each group.
 * 3. Two modes when the statistic exceeds {@linkcode modeGapCritical}`(n)` and the groups' medians
 *    are at least {@linkcode MIN_MODE_RATIO} apart.
 *
 * The critical values were calibrated on seeded synthetic samples of six unimodal shapes (normal
 * and lognormal at CV 10% and 45%, Student t₃, uniform, a throughput with exponential slow-downs,
 * an exponential): at every n from 5 to 60 fewer than 1% of unimodal samples are called bimodal
 * (docs/statistics.md has the table; tests/stats/modes_test.ts measures it again). Below 5 samples
 * nothing is tested: at n = 4 a unimodal sample gives a larger statistic than the issue's
 * 27.8, 8.8, 28.0, 12.5 one time in ten. At most two modes are reported.
 *
 * @module
 */
import type { Mode } from "../model/types.ts";
import { medianOfSorted } from "./descriptive.ts";

/** Below this many samples the test is not run (one mode is reported). */
export const MODES_MIN_N = 5;
/** Two groups closer than this factor (faster median / slower median) are one mode. */
export const MIN_MODE_RATIO = 1.2;
/** Floor of the within-group standard deviation of the logarithms (identical, quantized values). */
const MIN_LOG_SPREAD = 1e-3;

/** The smallest group a mode may have among `n` samples: 2, or 10% of n. */
export function minModeSize(n: number): number {
  return Math.max(2, Math.ceil(0.1 * n));
}

/**
 * The critical value of the gap statistic at `n` samples (n ≥ {@linkcode MODES_MIN_N}): 17 at
 * n = 5, 12 at n = 6, then 54·n^−0.89 (9.1 at n = 7, 7.0 at n = 10, 2.6 at n = 30, 1.4 at n = 60),
 * each above the 99th percentile of the statistic under every unimodal shape of the calibration.
 */
export function modeGapCritical(n: number): number {
  if (n <= MODES_MIN_N) return 17;
  return n === 6 ? 12 : 54 * n ** -0.89;
}

/** The gap test's split of the sorted logarithms, or `null` when no split is allowed. */
export interface ModeSplit {
  /** Values below the split (the slower group has `index` values). */
  index: number;
  /** Gap ÷ pooled within-group standard deviation of the logarithms. */
  statistic: number;
  /** Median of the faster group ÷ median of the slower. */
  ratio: number;
}

/** The widest allowed gap of `logs` (ascending) and its statistic. */
export function modeSplit(logs: ArrayLike<number>): ModeSplit | null {
  const n = logs.length;
  const smallest = minModeSize(n);
  let index = -1;
  for (let i = smallest; i <= n - smallest; i++) {
    if (index < 0 || logs[i] - logs[i - 1] > logs[index] - logs[index - 1]) index = i;
  }
  if (index < 0) return null;
  const lower = Array.prototype.slice.call(logs, 0, index) as number[];
  const upper = Array.prototype.slice.call(logs, index) as number[];
  const squares = (group: number[]) => {
    const m = group.reduce((sum, x) => sum + x, 0) / group.length;
    return group.reduce((sum, x) => sum + (x - m) ** 2, 0);
  };
  const spread = Math.max(MIN_LOG_SPREAD, Math.sqrt((squares(lower) + squares(upper)) / (n - 2)));
  return {
    index,
    statistic: (logs[index] - logs[index - 1]) / spread,
    ratio: Math.exp(medianOfSorted(upper) - medianOfSorted(lower)),
  };
}

/**
 * The modes of positive values (throughputs): one entry (all of them) when unimodal or fewer than
 * {@linkcode MODES_MIN_N}, else the slower and the faster mode. `[]` for no values.
 *
 * @example
 * ```ts
 * findModes([27.8, 8.8, 28, 12.5, 27.9, 9.6, 28.1, 10.2, 11.9, 27.7]);
 * // [{ gibPerSecond: 10.2, fraction: 0.5, n: 5 }, { gibPerSecond: 27.9, fraction: 0.5, n: 5 }]
 * ```
 */
export function findModes(values: readonly number[]): Mode[] {
  const n = values.length;
  if (n === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const whole = (): Mode[] => [{ gibPerSecond: medianOfSorted(sorted), fraction: 1, n }];
  if (n < MODES_MIN_N || sorted[0] <= 0) return whole();
  const split = modeSplit(sorted.map(Math.log));
  if (split === null || split.statistic <= modeGapCritical(n) || split.ratio < MIN_MODE_RATIO) return whole();
  const mode = (group: Float64Array): Mode => ({
    gibPerSecond: medianOfSorted(group),
    fraction: group.length / n,
    n: group.length,
  });
  return [mode(sorted.subarray(0, split.index)), mode(sorted.subarray(split.index))];
}
