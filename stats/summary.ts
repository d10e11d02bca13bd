/**
 * The statistics recorded per case in results.json: a summary of the throughputs (with a 95%
 * interval of the median whose coverage is known, stats/median-interval.ts), the MAD outliers, the
 * modes, the number of independent samples, and the ratio to the scenario's first case, paired by
 * repetition (the same round or session).
 *
 * @module
 */
import type { CaseParams, CaseResult, CaseStats, RatioToFirst, Sample, Summary } from "../model/types.ts";
import { isLatencyCase, LATENCY_FIGURES } from "../model/latency.ts";
import { madOutliers, mean, median, medianOfSorted, requireValues, sampleStddev, sortedCopy } from "./descriptive.ts";
import { medianInterval } from "./median-interval.ts";
import { findModes } from "./modes.ts";

/**
 * Summary statistics with a 95% interval of the median (order statistic below 60 values, seeded
 * percentile bootstrap from 60; `ci95Coverage` and `ci95Method` say which and how sure). `cv` is
 * `stddev / mean` (0 when the mean is 0). Throws a `RangeError` on an empty list.
 *
 * @example
 * ```ts
 * const summary = summarize([10.2, 10.4, 9.9, 10.1], 1234);
 * summary.median; // 10.15
 * summary.ci95Coverage; // 0.875: the range of 4 values
 * ```
 */
export function summarize(values: readonly number[], seed: number): Summary {
  requireValues(values, "summarize");
  const sorted = sortedCopy(values);
  const average = mean(values);
  const stddev = sampleStddev(values);
  const interval = medianInterval(values, seed);
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
    ci95Coverage: interval.coverage,
    ci95Method: interval.method,
  };
}

/**
 * Statistics of one case's throughputs (GiB/s, in sample order): the summary, the indices of MAD
 * outliers (threshold 3.5), the modes and the number of independent samples (each run, or each
 * session, is one). `null` when there is no sample. No ratio: see {@linkcode casesStats}.
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
    independentSamples: gibPerSecondValues.length,
    modes: findModes(gibPerSecondValues),
  };
}

/** What a ratio pairs of a sample: its repetition (round, session) and its throughput. */
export type PairedSample = Pick<CaseResult["samples"][number], "repetition" | "gibPerSecond">;

/**
 * A case's throughput over its scenario's first case's, paired by `repetition` (both measured in
 * the same round or session, so a slow minute of the host cancels in each ratio): the median of the
 * per-pair ratios with its 95% interval (stats/median-interval.ts). `null` with fewer than 2 pairs.
 *
 * @example
 * ```ts
 * ratioToFirst(first.samples, other.samples, results.seed)?.median; // 0.93
 * ```
 */
export function ratioToFirst(
  first: readonly PairedSample[],
  other: readonly PairedSample[],
  seed: number,
): RatioToFirst | null {
  const base = new Map<number, number>();
  for (const sample of first) if (!base.has(sample.repetition)) base.set(sample.repetition, sample.gibPerSecond);
  const ratios: number[] = [];
  const seen = new Set<number>();
  for (const sample of other) {
    const denominator = base.get(sample.repetition);
    if (denominator === undefined || denominator <= 0 || seen.has(sample.repetition)) continue;
    seen.add(sample.repetition);
    ratios.push(sample.gibPerSecond / denominator);
  }
  if (ratios.length < 2) return null;
  const interval = medianInterval(ratios, seed);
  return {
    median: median(ratios),
    ci95Low: interval.low,
    ci95High: interval.high,
    ci95Coverage: interval.coverage,
    ci95Method: interval.method,
    pairs: ratios.length,
  };
}

/**
 * The statistics of every case of a run, in order ({@linkcode caseStats}), each throughput case
 * with its ratio to its scenario's first throughput case that has samples (none for that case
 * itself). Latency cases (`measure: latency`, or samples that timed round trips) are judged on
 * their latency: they are nobody's reference and get no ratio (the GiB/s of round trips is not
 * what they measure).
 *
 * @example
 * ```ts
 * results.cases.forEach((c, i) => c.stats = casesStats(results.cases, results.seed)[i]);
 * ```
 */
export function casesStats(
  cases: readonly {
    scenario: string;
    params?: Pick<CaseParams, "measure">;
    samples: readonly (PairedSample & Pick<Sample, "latency">)[];
  }[],
  seed: number,
): (CaseStats | null)[] {
  const firsts = new Map<string, readonly PairedSample[]>();
  return cases.map((c) => {
    const stats = caseStats(c.samples.map((sample) => sample.gibPerSecond), seed);
    if (stats === null) return null;
    // Latency (issue 18): a case that timed round trips has its figures' statistics too.
    const latency = latencyStats(c.samples, seed);
    if (latency !== undefined) stats.latencyMicroseconds = latency;
    if (latency !== undefined || (c.params !== undefined && isLatencyCase(c.params))) return stats;
    const first = firsts.get(c.scenario);
    if (first === undefined) {
      firsts.set(c.scenario, c.samples);
      return stats;
    }
    const ratio = ratioToFirst(first, c.samples, seed);
    return ratio === null ? stats : { ...stats, ratioToFirst: ratio };
  });
}

/**
 * A latency case's figures across repetitions (issue 18): each figure of its runs (p50 … p99.99,
 * max, mean, µs) summarized like a throughput, each run one sample of each figure. `undefined`
 * when no sample timed round trips.
 *
 * @example
 * ```ts
 * latencyStats(c.samples, results.seed)?.p99.median; // µs
 * ```
 */
export function latencyStats(
  samples: readonly Pick<Sample, "latency">[],
  seed: number,
): CaseStats["latencyMicroseconds"] {
  const runs = samples.flatMap((sample) => sample.latency === undefined ? [] : [sample.latency.microseconds]);
  if (runs.length === 0) return undefined;
  return Object.fromEntries(
    LATENCY_FIGURES.map((figure) => [figure, summarize(runs.map((run) => run[figure]), seed)]),
  ) as NonNullable<CaseStats["latencyMicroseconds"]>;
}
