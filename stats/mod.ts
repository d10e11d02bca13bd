/**
 * Statistics, the package's `./stats` entry: descriptive summaries, seeded randomness,
 * percentile-bootstrap confidence intervals, MAD outliers, the Mann–Whitney U test, and comparing
 * two runs or merging several. Pure and deterministic (see `stats.ts`); light: no engine, reports,
 * Plotly or playwright-core.
 *
 * @example
 * ```ts
 * import { bootstrapMedianCi, median } from "./mod.ts";
 *
 * const gibPerSecond = [9.1, 9.4, 8.8, 9.0, 9.3];
 * const ci = bootstrapMedianCi(gibPerSecond, { seed: 1 });
 * console.log(`median ${median(gibPerSecond)}, 95% CI ${ci.low}–${ci.high}`);
 * ```
 *
 * @module
 */
export * from "./stats.ts";
export {
  type CaseComparison,
  type CompareOptions,
  compareResults,
  type Comparison,
  type Merged,
  type MergedCase,
  type MergedLatency,
  type MergedLatencyFigure,
  mergeResults,
  type ParamDifference,
  type RunLabel,
  type UnmatchedCase,
  type Verdict,
} from "./compare.ts";
export {
  bucketIndex,
  bucketLow,
  bucketWidth,
  type CompactHistogram,
  Histogram,
  MAX_TRACKABLE,
  SUB_BUCKET_BITS,
} from "./histogram.ts";
