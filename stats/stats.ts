/**
 * Pure, deterministic statistics for benchmark samples: descriptive summaries, a seeded random
 * generator and shuffle for run plans, percentile-bootstrap confidence intervals, MAD outliers and
 * a Mann–Whitney U test for comparing two runs. This module gathers them; each lives in a module
 * of its own (random, descriptive, bootstrap, median-interval, modes, summary, mann-whitney, small-samples).
 *
 * Conventions: point statistics of an empty list (`median`, `mean`, `quantile`) are `NaN`;
 * functions that need data to mean anything (`summarize`, the bootstraps, `mannWhitneyU`) throw a
 * `RangeError` on an empty list. Nothing here reads the clock or `Math.random`: the same input and
 * seed always give the same output.
 *
 * @module
 */
export { type RandomSource, seededRandom, shuffle } from "./random.ts";
export { madOutliers, mean, median, quantile, sampleStddev } from "./descriptive.ts";
export {
  bootstrapMedianCi,
  type BootstrapOptions,
  bootstrapRatioOfMediansCi,
  type ConfidenceInterval,
  type PairedRatio,
  pairedRatioCi,
  type RatioInterval,
} from "./bootstrap.ts";
export { casesStats, caseStats, latencyStats, type PairedSample, ratioToFirst, summarize } from "./summary.ts";
export {
  BOOTSTRAP_MIN_N,
  type IntervalMethod,
  type MedianInterval,
  medianInterval,
  orderStatisticCoverage,
  orderStatisticRank,
} from "./median-interval.ts";
export {
  findModes,
  MIN_MODE_RATIO,
  minModeSize,
  modeGapCritical,
  MODES_MIN_N,
  type ModeSplit,
  modeSplit,
} from "./modes.ts";
export {
  type MannWhitneyMethod,
  type MannWhitneyResult,
  mannWhitneyU,
  smallestPossiblePValue,
} from "./mann-whitney.ts";
export { hasInterval, medianRangeCoverage, RANGE_INTERVAL_MAX_N } from "./small-samples.ts";
