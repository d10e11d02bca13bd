/**
 * The statistics recorded per case in results.json: a summary of the throughputs (with a
 * bootstrap interval of the median) and the MAD outliers.
 *
 * @module
 */
import type { CaseStats, Summary } from "../model/types.ts";
import { bootstrapMedianCi } from "./bootstrap.ts";
import { madOutliers, mean, medianOfSorted, requireValues, sampleStddev, sortedCopy } from "./descriptive.ts";

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
