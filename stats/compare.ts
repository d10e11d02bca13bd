/**
 * Comparing and merging results files — the data side of `pipespeed compare` and `merge`.
 *
 * `compare` matches cases by id and, per case, gives the ratio of medians (current / base) with a
 * 95% bootstrap confidence interval, a two-sided Mann–Whitney U p-value, and a verdict: a change
 * counts only when it is both beyond the threshold and significant. `merge` lines up the same
 * cases measured on several machines. Renderers in `reports/` turn both into files.
 *
 * @module
 */
import { bootstrapRatioOfMediansCi } from "./bootstrap.ts";
import { mannWhitneyU } from "./mann-whitney.ts";
import { summarize } from "./summary.ts";
import type { Results, Summary, SystemInfo } from "../model/types.ts";

/** Which run a side of a comparison is. */
export interface RunLabel {
  /** The results file. */
  file: string;
  /** Its run id. */
  runId: string;
  /** A short human label: `host kernel` unless given. */
  label: string;
  /** The machine it ran on. */
  system: SystemInfo;
  /** When it started (ISO). */
  startedAt: string;
}

/** Verdict on one case. */
export type Verdict = "faster" | "slower" | "unchanged";

/** One case measured in both runs. */
export interface CaseComparison {
  /** Case id (the match key). */
  id: string;
  /** Case name (from the current run). */
  name: string;
  /** Scenario name. */
  scenario: string;
  /** Throughput summary of the base run. */
  base: Summary;
  /** Throughput summary of the current run. */
  current: Summary;
  /** median(current) / median(base). */
  ratio: number;
  /** Lower bound of the 95% bootstrap confidence interval of the ratio. */
  ratioLow: number;
  /** Upper bound of it. */
  ratioHigh: number;
  /** Two-sided Mann–Whitney U p-value (normal approximation). */
  pValue: number;
  /** `faster`/`slower` only when beyond the threshold **and** significant. */
  verdict: Verdict;
  /** GiB/s of every base sample. */
  baseSamples: number[];
  /** GiB/s of every current sample. */
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
  /** Cases in both runs, in the current run's order. */
  cases: CaseComparison[];
  /** Cases only in the base run, or without samples there. */
  onlyInBase: UnmatchedCase[];
  /** Cases only in the current run, or without samples there. */
  onlyInCurrent: UnmatchedCase[];
  /** What limits the comparison, e.g. too few samples for any change to be significant. */
  warnings: string[];
}

/** The smallest p-value Mann–Whitney can give for these sample sizes (fully separated samples). */
export function smallestPossiblePValue(baseCount: number, currentCount: number): number {
  const base = Array.from({ length: baseCount }, (_, i) => i);
  const current = Array.from({ length: currentCount }, (_, i) => baseCount + i);
  return mannWhitneyU(current, base).pValue;
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
}

/** `host kernel`, the default label of a run. */
export function defaultLabel(results: Results): string {
  return `${results.system.hostname} ${results.system.kernelRelease}`;
}

function runLabel(results: Results, file: string, label: string | undefined): RunLabel {
  return {
    file,
    runId: results.runId,
    label: label ?? defaultLabel(results),
    system: results.system,
    startedAt: results.startedAt,
  };
}

const samplesOf = (results: Results, id: string) =>
  results.cases.find((c) => c.id === id)?.samples.map((s) => s.gibPerSecond) ?? [];

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
  const baseIds = new Set(base.cases.map((c) => c.id));
  const currentIds = new Set(current.cases.map((c) => c.id));
  const cases: CaseComparison[] = [];
  const onlyInBase: UnmatchedCase[] = [];
  const onlyInCurrent: UnmatchedCase[] = [];
  for (const c of current.cases) {
    if (!baseIds.has(c.id)) {
      onlyInCurrent.push({ id: c.id, name: c.name, reason: "not in the base run" });
      continue;
    }
    const before = samplesOf(base, c.id);
    const after = samplesOf(current, c.id);
    if (before.length === 0 || after.length === 0) {
      const side = before.length === 0 ? onlyInCurrent : onlyInBase;
      side.push({
        id: c.id,
        name: c.name,
        reason: `no samples in the ${before.length === 0 ? "base" : "current"} run`,
      });
      continue;
    }
    const interval = bootstrapRatioOfMediansCi(before, after, { seed });
    const { pValue } = mannWhitneyU(after, before);
    const significant = pValue < alpha;
    const verdict: Verdict = significant && interval.ratio > 1 + threshold
      ? "faster"
      : significant && interval.ratio < 1 - threshold
      ? "slower"
      : "unchanged";
    cases.push({
      id: c.id,
      name: c.name,
      scenario: c.scenario,
      base: summarize(before, seed),
      current: summarize(after, seed),
      ratio: interval.ratio,
      ratioLow: interval.low,
      ratioHigh: interval.high,
      pValue,
      verdict,
      baseSamples: before,
      currentSamples: after,
    });
  }
  for (const c of base.cases) {
    if (!currentIds.has(c.id)) onlyInBase.push({ id: c.id, name: c.name, reason: "not in the current run" });
  }
  const warnings: string[] = [];
  const blind = cases.filter((c) => smallestPossiblePValue(c.baseSamples.length, c.currentSamples.length) >= alpha);
  if (blind.length > 0) {
    warnings.push(
      `${blind.length} case(s) have too few samples for any change to be significant at p < ${alpha} ` +
        `(e.g. ${blind[0].id}: ${blind[0].baseSamples.length} vs ${blind[0].currentSamples.length}); ` +
        `use at least 4–5 repetitions on each side`,
    );
  }
  return {
    base: runLabel(base, baseFile, options.labels?.[0]),
    current: runLabel(current, currentFile, options.labels?.[1]),
    threshold,
    alpha,
    cases,
    onlyInBase,
    onlyInCurrent,
    warnings,
  };
}

/** One case across several machines. */
export interface MergedCase {
  /** Case id. */
  id: string;
  /** Case name. */
  name: string;
  /** Scenario name. */
  scenario: string;
  /** Throughput summary per machine, in `machines` order; `null` where it was not measured. */
  perMachine: (Summary | null)[];
  /** GiB/s samples per machine. */
  samples: number[][];
}

/** Results of several machines lined up. */
export interface Merged {
  /** One entry per results file, labels distinct. */
  machines: RunLabel[];
  /** Every case id seen, in first-seen order. */
  cases: MergedCase[];
}

/**
 * Lines up the same cases from several results files (machines, kernels, commits). Labels default
 * to `host kernel`; duplicates get ` (2)`, ` (3)`… so every machine stays distinct.
 */
export function mergeResults(inputs: { results: Results; file: string; label?: string }[]): Merged {
  const used = new Map<string, number>();
  const machines = inputs.map(({ results, file, label }) => {
    const wanted = label ?? defaultLabel(results);
    const seen = (used.get(wanted) ?? 0) + 1;
    used.set(wanted, seen);
    return runLabel(results, file, seen === 1 ? wanted : `${wanted} (${seen})`);
  });
  const order: { id: string; name: string; scenario: string }[] = [];
  const known = new Set<string>();
  for (const { results } of inputs) {
    for (const c of results.cases) {
      if (known.has(c.id)) continue;
      known.add(c.id);
      order.push({ id: c.id, name: c.name, scenario: c.scenario });
    }
  }
  const cases = order.map(({ id, name, scenario }): MergedCase => {
    const samples = inputs.map(({ results }) => samplesOf(results, id));
    return {
      id,
      name,
      scenario,
      samples,
      perMachine: samples.map((values, i) => values.length === 0 ? null : summarize(values, inputs[i].results.seed)),
    };
  });
  return { machines, cases };
}
