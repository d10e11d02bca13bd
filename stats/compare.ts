/**
 * Comparing two results files — the data side of `pipespeed compare` (and, re-exported, `merge`).
 *
 * `compare` matches cases by id and, per case, gives the ratio of medians (current / base) with a
 * 95% bootstrap confidence interval, a two-sided Mann–Whitney U p-value, and a verdict: a change
 * counts only when it is both beyond the threshold and significant. A case whose sample sizes
 * cannot reach significance is `inconclusive`; one whose parameters differ between the runs
 * (other than run counts), or whose kernels differ on a semantic it depends on (model/semantics.ts:
 * vmsplice zero copy, gift), is `incomparable`. Renderers in `reports/` turn both into files.
 *
 * A latency case (`measure: latency`, issue 18) is judged on its latency, not on the throughput of
 * its round trips: one comparison per figure of {@link COMPARED_LATENCY_FIGURES} (p50, p99), each
 * over the runs' figure in µs, with the same interval, test and family-wise correction (each figure
 * is one more test); lower is better, so a ratio above 1 + threshold is `slower`. A figure a side's
 * runs timed too few round trips for (stats/resolution.ts: a p99 of fewer than 100 is their
 * maximum, "—" in the run's and the merge's tables) is `unresolved`: no ratio, no test, and not one
 * of the family.
 *
 * @module
 */
import { bootstrapRatioOfMediansCi } from "./bootstrap.ts";
import { describeDifferences, type ParamDifference, paramDifferences, tooFewSamples } from "./judge.ts";
import { mannWhitneyU } from "./mann-whitney.ts";
import { type RunLabel, runLabel, valuesOf } from "./run-label.ts";
import { stealSpikes } from "./steal.ts";
import { summarize } from "./summary.ts";
import type { Results, Summary } from "../model/types.ts";
import { describeSemanticDifferences, type SemanticDifference, semanticDifferences } from "../model/semantics.ts";
import { figureLabel, isLatencyCase, type LatencyFigure } from "../model/latency.ts";
import { figureResolution, unresolvedFigure } from "./resolution.ts";

export { defaultLabel, type RunLabel } from "./run-label.ts";
export { type Merged, type MergedCase, type MergedLatency, type MergedLatencyFigure, mergeResults } from "./merge.ts";
export { type ParamDifference, samplesNeededPerSide } from "./judge.ts";
export { smallestPossiblePValue } from "./mann-whitney.ts";

/** The figures a latency case is compared on: the median and the tail of its round trips. */
export const COMPARED_LATENCY_FIGURES: readonly LatencyFigure[] = ["p50", "p99"];

/**
 * Verdict on one case: `faster`/`slower` (beyond the threshold and significant), `unchanged`
 * (could have been significant, was not), `inconclusive` (the sample sizes cannot reach
 * significance: nothing can be said), `unresolved` (a latency figure one side's runs timed too few
 * round trips for: it would be their maximum), `incomparable` (the runs measured different parameters).
 */
export type Verdict = "faster" | "slower" | "unchanged" | "inconclusive" | "unresolved" | "incomparable";

/** One case measured in both runs. */
export interface CaseComparison {
  /** Case id (the match key). */
  id: string;
  /** Case name (from the current run). */
  name: string;
  /** Scenario name. */
  scenario: string;
  /**
   * The latency figure compared (a latency case has one comparison per figure, µs, lower is
   * better); absent for a throughput comparison (GiB/s, higher is better).
   */
  latencyFigure?: "p50" | "p90" | "p99" | "p999" | "p9999" | "max" | "mean";
  /** Summary of the base run's samples (GiB/s, or µs of {@link latencyFigure}). */
  base: Summary;
  /** Summary of the current run's samples. */
  current: Summary;
  /** median(current) / median(base) (for a latency figure: above 1 is slower). */
  ratio: number;
  /** Lower bound of the 95% bootstrap confidence interval of the ratio. */
  ratioLow: number;
  /** Upper bound of it. */
  ratioHigh: number;
  /** Two-sided Mann–Whitney U p-value (exact for small samples without ties). */
  pValue: number;
  /** See {@link Verdict}: `incomparable` first, then `unresolved`, then `inconclusive`, then the change. */
  verdict: Verdict;
  /**
   * Why the verdict is `incomparable`, `unresolved` or `inconclusive` (all the reasons, `; `
   * between), else `null`.
   */
  reason: string | null;
  /**
   * For a latency figure: whether each side's runs all timed enough round trips for it (where not,
   * its value is their maximum: reports show "—"). Absent for a throughput comparison.
   */
  resolved?: { base: boolean; current: boolean };
  /** Case parameters that differ between the runs (run counts left out). */
  paramDifferences: ParamDifference[];
  /** Every base sample (GiB/s, or µs of {@link latencyFigure}). */
  baseSamples: number[];
  /** Every current sample. */
  currentSamples: number[];
}

/** A case present in one run only, or without samples in one of them. */
export interface UnmatchedCase {
  /** Case id. */
  id: string;
  /** Case name. */
  name: string;
  /** Why it is not compared. */
  reason: string;
}

/** The whole comparison. */
export interface Comparison {
  /** The base run. */
  base: RunLabel;
  /** The current run. */
  current: RunLabel;
  /** A change smaller than this fraction (0.05 = 5%) is never a verdict. */
  threshold: number;
  /** Significance level for the p-value. */
  alpha: number;
  /** Whether `alpha` held over all the cases together (Holm–Bonferroni, `CompareOptions.familyWise`). */
  familyWise?: boolean;
  /** Cases in both runs, in the current run's order. */
  cases: CaseComparison[];
  /** Cases only in the base run, or without samples there. */
  onlyInBase: UnmatchedCase[];
  /** Cases only in the current run, or without samples there. */
  onlyInCurrent: UnmatchedCase[];
  /**
   * The host's side of the two runs: whether they were interleaved in one session (`ab`), and
   * each run's measured runs with a steal spike (`samples[].noise.stealSpike`) out of those that
   * recorded noise. Absent in comparisons made before it existed.
   */
  host?: {
    interleaved: boolean;
    base: { stealSpikes: number; runs: number };
    current: { stealSpikes: number; runs: number };
  };
}

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** Relative change below which nothing counts (default 0.05). */
  threshold?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Bootstrap seed (default: the current run's seed). */
  seed?: number;
  /** Labels of base and current (default: host and kernel). */
  labels?: [string | undefined, string | undefined];
  /**
   * Holm–Bonferroni over the cases compared: with m cases at `alpha` each, some case of an A/A
   * comparison reads "slower" or "faster" far more often than `alpha` (7 cases: about 30% of the
   * time); Holm keeps the chance of any false verdict at `alpha`. `ab` sets it: a pull request's
   * check is one question over every case (docs/ab.md). Default `false`, as `compare` judges each
   * case on its own.
   */
  familyWise?: boolean;
  /**
   * The two runs were interleaved in one session (`ab`), so the host's drift reached both alike;
   * otherwise the comparison says that its intervals hold each run's own noise, not the drift
   * between the runs.
   */
  interleaved?: boolean;
}

/**
 * The cases whose p-value stays below Holm's step-down thresholds (the smallest below alpha/m,
 * the next below alpha/(m-1), ... until one does not).
 */
export function holmSignificant(pValues: ReadonlyMap<string, number>, alpha: number): Set<string> {
  const ordered = [...pValues].sort((a, b) => a[1] - b[1]);
  const significant = new Set<string>();
  for (const [index, [id, p]] of ordered.entries()) {
    if (!(p < alpha / (ordered.length - index))) break;
    significant.add(id);
  }
  return significant;
}

/** What a case is compared on: its throughput (`null`), or each compared latency figure. */
function comparedFigures(params: Results["cases"][number]["params"]): (LatencyFigure | null)[] {
  return isLatencyCase(params) ? [...COMPARED_LATENCY_FIGURES] : [null];
}

/** The key of one comparison: the case id, `#p99` after it for a latency figure. */
function testKey(id: string, figure: LatencyFigure | null): string {
  return figure === null ? id : `${id}#${figure}`;
}

/**
 * The Mann–Whitney p-value of every comparison with samples on both sides (an unresolved figure
 * aside), by {@link testKey}.
 */
function matchedPValues(base: Results, current: Results): Map<string, number> {
  const pValues = new Map<string, number>();
  for (const c of current.cases) {
    for (const figure of comparedFigures(c.params)) {
      const before = valuesOf(base, c.id, figure);
      const after = valuesOf(current, c.id, figure);
      if (before.length === 0 || after.length === 0 || unresolvedFigure(base, current, c.id, figure)) continue;
      pValues.set(testKey(c.id, figure), mannWhitneyU(after, before).pValue);
    }
  }
  return pValues;
}

/**
 * Why two sets of throughputs cannot be compared as a ratio (a value that is not a positive finite
 * throughput, from a hand-edited or foreign file), or `null`.
 */
function absurdity(
  base: readonly number[],
  current: readonly number[],
  interval: { ratio: number; low: number; high: number },
  figure: LatencyFigure | null,
): string | null {
  const bad = (values: readonly number[]) => values.find((v) => !(Number.isFinite(v) && v > 0));
  for (const [side, values] of [["base", base], ["current", current]] as const) {
    const value = bad(values);
    if (value !== undefined) {
      const what = figure === null ? `a throughput of ${value} GiB/s` : `a ${figureLabel(figure)} of ${value} µs`;
      return `not comparable: the ${side} run holds ${what}`;
    }
  }
  if (![interval.ratio, interval.low, interval.high].every(Number.isFinite)) {
    return "not comparable: the ratio of the medians is not a finite number";
  }
  return null;
}

/**
 * The verdict and its reasons, from what can be said at all down to the change. `unresolved`: why
 * a side cannot resolve the latency figure (its significance is then moot, and not said).
 */
function judge(
  differences: ParamDifference[],
  semantics: SemanticDifference[],
  unresolved: string | null,
  blind: string | null,
  significant: boolean,
  ratio: number,
  threshold: number,
  lowerIsBetter: boolean,
): { verdict: Verdict; reason: string | null } {
  const incomparable = differences.length > 0 || semantics.length > 0;
  const reasons = [
    differences.length > 0 ? `parameters differ: ${describeDifferences(differences)}` : null,
    semantics.length > 0 ? describeSemanticDifferences(semantics) : null,
    // Alone, the verdict's label says "not resolved"; after another reason, the reason says it.
    unresolved !== null && incomparable ? `not resolved: ${unresolved}` : unresolved,
    unresolved === null ? blind : null,
  ].filter((reason) => reason !== null);
  const reason = reasons.length > 0 ? reasons.join("; ") : null;
  if (incomparable) return { verdict: "incomparable", reason };
  if (unresolved !== null) return { verdict: "unresolved", reason };
  if (blind !== null) return { verdict: "inconclusive", reason };
  // Throughput: up is faster. Latency: up is slower (the same thresholds, turned around).
  const up = significant && ratio > 1 + threshold;
  const down = significant && ratio < 1 - threshold;
  const verdict: Verdict = up
    ? (lowerIsBetter ? "slower" : "faster")
    : down
    ? (lowerIsBetter ? "faster" : "slower")
    : "unchanged";
  return { verdict, reason };
}

/**
 * Compares two results, case by case.
 *
 * @example
 * ```ts
 * const comparison = compareResults(base, "base.json", current, "current.json", { threshold: 0.05 });
 * const regressions = comparison.cases.filter((c) => c.verdict === "slower");
 * ```
 */
export function compareResults(
  base: Results,
  baseFile: string,
  current: Results,
  currentFile: string,
  options: CompareOptions = {},
): Comparison {
  const threshold = options.threshold ?? 0.05;
  const alpha = options.alpha ?? 0.05;
  const seed = options.seed ?? current.seed;
  const baseCases = new Map(base.cases.map((c) => [c.id, c]));
  const currentIds = new Set(current.cases.map((c) => c.id));
  const cases: CaseComparison[] = [];
  const onlyInBase: UnmatchedCase[] = [];
  const onlyInCurrent: UnmatchedCase[] = [];
  // With a family-wise correction, a case is significant by its rank among all the cases' p-values.
  // Each latency figure is one more test of the family; one a side cannot resolve is no test.
  const tests = current.cases.reduce(
    (sum, c) => sum + comparedFigures(c.params).filter((f) => !unresolvedFigure(base, current, c.id, f)).length,
    0,
  );
  const holm = options.familyWise ? holmSignificant(matchedPValues(base, current), alpha) : null;
  const caseAlpha = holm === null ? alpha : alpha / Math.max(1, tests);
  for (const c of current.cases) {
    const before = baseCases.get(c.id);
    if (before === undefined) {
      onlyInCurrent.push({ id: c.id, name: c.name, reason: "not in the base run" });
      continue;
    }
    for (const figure of comparedFigures(c.params)) {
      const beforeSamples = valuesOf(base, c.id, figure);
      const after = valuesOf(current, c.id, figure);
      if (beforeSamples.length === 0 || after.length === 0) {
        // A latency case is unmatched once, not once per figure.
        if (figure !== null && figure !== COMPARED_LATENCY_FIGURES[0]) continue;
        const side = beforeSamples.length === 0 ? onlyInCurrent : onlyInBase;
        side.push({
          id: c.id,
          name: c.name,
          reason: `no ${figure === null ? "samples" : "timed round trips"} in the ${
            beforeSamples.length === 0 ? "base" : "current"
          } run`,
        });
        continue;
      }
      const interval = bootstrapRatioOfMediansCi(beforeSamples, after, { seed });
      const { pValue } = mannWhitneyU(after, beforeSamples);
      const differences = paramDifferences(before.params, c.params);
      const semantics = semanticDifferences(base.system.kernelSemantics, current.system.kernelSemantics, c.params);
      const blind = tooFewSamples(beforeSamples.length, after.length, caseAlpha);
      const absurd = absurdity(beforeSamples, after, interval, figure);
      const resolution = figure === null ? null : figureResolution(figure, before.samples, c.samples);
      const both = {
        id: c.id,
        name: c.name,
        scenario: c.scenario,
        ...(figure === null ? {} : { latencyFigure: figure }),
        ...(resolution === null ? {} : { resolved: { base: resolution.base, current: resolution.current } }),
        base: summarize(beforeSamples, seed),
        current: summarize(after, seed),
        pValue,
        paramDifferences: differences,
        baseSamples: beforeSamples,
        currentSamples: after,
      };
      const unresolved = resolution?.reason ?? null;
      cases.push(
        unresolved !== null
          // A side's figure is its runs' maximum: no ratio, no test, no change to judge.
          ? {
            ...both,
            pValue: NaN,
            ratio: NaN,
            ratioLow: NaN,
            ratioHigh: NaN,
            ...judge(differences, semantics, unresolved, null, false, NaN, threshold, true),
          }
          : absurd !== null
          // No ratio to print (it would read +Infinity% or NaN): the case is not comparable, and says why.
          ? { ...both, ratio: NaN, ratioLow: NaN, ratioHigh: NaN, verdict: "incomparable", reason: absurd }
          : {
            ...both,
            ratio: interval.ratio,
            ratioLow: interval.low,
            ratioHigh: interval.high,
            ...judge(
              differences,
              semantics,
              null,
              blind,
              holm === null ? pValue < alpha : holm.has(testKey(c.id, figure)),
              interval.ratio,
              threshold,
              figure !== null,
            ),
          },
      );
    }
  }
  for (const c of base.cases) {
    if (!currentIds.has(c.id)) onlyInBase.push({ id: c.id, name: c.name, reason: "not in the current run" });
  }
  return {
    base: runLabel(base, baseFile, options.labels?.[0]),
    current: runLabel(current, currentFile, options.labels?.[1]),
    threshold,
    alpha,
    familyWise: holm !== null,
    cases,
    onlyInBase,
    onlyInCurrent,
    host: { interleaved: options.interleaved === true, base: stealOf(base), current: stealOf(current) },
  };
}

/** A run's measured runs during a steal spike, out of those that recorded their noise. */
function stealOf(results: Results): { stealSpikes: number; runs: number } {
  const recorded = results.cases.flatMap((c) => c.samples.filter((sample) => sample.noise !== undefined));
  return { stealSpikes: stealSpikes(recorded), runs: recorded.length };
}
