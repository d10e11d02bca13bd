/**
 * Precision as a target (netperf's `-i`/`-I`): a case with `precision` gets more repetitions —
 * rounds of runs, or sessions of turns — after its `repetitions`, until the 95% interval's
 * half-width is within the target, while each added round is expected to end within `maxTime` of
 * the command's start (bench/budget.ts): a budget for the whole command, not a deadline to start by.
 *
 * What is judged: a case's ratio to the first case (`stats.ratioToFirst`) where the statistics
 * give one with an interval — the number a comparison quotes, and the one drift-free schedules make
 * tight — else the interval of its median throughput. A latency case is judged on its latency: the
 * interval of the median of its runs' p50 (`stats.latencyMicroseconds.p50`), not the GiB/s of its
 * round trips.
 *
 * An interval counts only when it is a 95% interval: from 2 to 5 values the interval of a median is
 * the range of the values (stats/median-interval.ts), which holds the median with 50% to 93.75%
 * probability; such a range within the target is not "within the target" yet, and rounds go on
 * until the interval's coverage is at least 95% (6 values and more) and its half-width fits.
 *
 * @module
 */
import { isLatencyCase } from "../model/latency.ts";
import { MAX_REPETITIONS } from "../model/sizes.ts";
import type { Case, Results } from "../model/types.ts";
import { seededRandom, shuffle } from "../stats/random.ts";
import { hasInterval, medianRangeCoverage, RANGE_INTERVAL_MAX_N } from "../stats/small-samples.ts";
import type { PlannedRun } from "./plan.ts";
import { finalizeResults } from "./results.ts";

/** A case's precision: the half-width of its interval, as a fraction of the value, and of what. */
export interface Precision {
  /** Half the 95% interval over the value; `null` when there is no interval (fewer than 2 samples). */
  halfWidth: number | null;
  /** The value judged: the ratio to the first case, the median throughput, a latency case's p50. */
  of: "ratioToFirst" | "median" | "p50";
  /** The probability that the interval holds the value (`ci95Coverage`); `null` without an interval. */
  coverage: number | null;
}

/** The coverage an interval needs before its half-width can meet a target: a 95% interval. */
export const TARGET_COVERAGE = 0.95;

interface Interval {
  median?: number;
  ci95Low?: number | null;
  ci95High?: number | null;
  ci95Coverage?: number;
  /** Values of a throughput or latency summary. */
  n?: number;
  /** Pairs of a ratio. */
  pairs?: number;
}

/** The half-width and coverage of an interval, each `null` when there is no interval. */
function intervalOf(interval: Interval | undefined | null): Pick<Precision, "halfWidth" | "coverage"> {
  const none = { halfWidth: null, coverage: null };
  if (interval === undefined || interval === null) return none;
  const { median: value, ci95Low: low, ci95High: high } = interval;
  if (typeof value !== "number" || typeof low !== "number" || typeof high !== "number") return none;
  if (!(value > 0) || !Number.isFinite(low) || !Number.isFinite(high)) return none;
  const n = interval.n ?? interval.pairs ?? 0;
  // Statistics always record the coverage now; a file written before they did had a range below 6.
  const coverage = interval.ci95Coverage ??
    (!hasInterval(n) ? 0 : n <= RANGE_INTERVAL_MAX_N ? medianRangeCoverage(n) : TARGET_COVERAGE);
  return { halfWidth: (high - low) / 2 / value, coverage };
}

/** The precision of every case of finalized results (statistics computed). */
export function precisions(results: Results): Precision[] {
  return results.cases.map((c): Precision => {
    const latency = isLatencyCase(c.params);
    if (c.stats === null || c.samples.length < 2) {
      return { halfWidth: null, of: latency ? "p50" : "median", coverage: null };
    }
    if (latency) return { ...intervalOf(c.stats.latencyMicroseconds?.p50), of: "p50" };
    const ratio = intervalOf((c.stats as { ratioToFirst?: Interval | null }).ratioToFirst);
    if (ratio.halfWidth !== null && ratio.halfWidth > 0) return { ...ratio, of: "ratioToFirst" };
    return { ...intervalOf(c.stats.throughputGibPerSecond), of: "median" };
  });
}

/** Whether a precision meets `target`: a 95% interval (not a narrower range) whose half-width is within it. */
export function reaches(precision: Pick<Precision, "halfWidth" | "coverage">, target: number): boolean {
  return precision.halfWidth !== null && precision.halfWidth <= target &&
    precision.coverage !== null && precision.coverage >= TARGET_COVERAGE;
}

/** The time so far and what a round is expected to take (bench/budget.ts). */
export interface RoundTime {
  /** Seconds since the budget started (the command's start). */
  elapsedSeconds: number;
  /** Seconds a round of these cases is expected to take; `null` (or absent): not known yet. */
  estimate?: (caseIndexes: readonly number[]) => number | null;
}

/**
 * One more round for the cases that have a precision target and have not reached it, while the
 * round is expected to end within their `maxTime` (with the first case of their scenario):
 * measured runs numbered on from `nextIndex`, all with the repetition after every one so far, in a
 * seeded shuffled order. Empty when nothing is left to add.
 */
export function extraRound(
  results: Results,
  cases: readonly Case[],
  time: RoundTime,
  nextIndex: number,
  seed: number,
): PlannedRun[] {
  const snapshot = finalizeResults(structuredClone(results));
  const now = precisions(snapshot);
  const { elapsedSeconds } = time;
  // The reference of a scenario's ratios is its first throughput case (stats/summary.ts casesStats):
  // a latency case is nobody's reference and has none.
  const firstOf = (caseIndex: number) =>
    isLatencyCase(cases[caseIndex].params)
      ? -1
      : cases.findIndex((c) => c.scenario === cases[caseIndex].scenario && !isLatencyCase(c.params));
  // The first case of a scenario whose other cases are judged on their ratio to it is their
  // reference: it joins their rounds, but its own median (which carries the host's drift between
  // sessions, and which no round of it alone would make the ratios tighter) adds none.
  const reference = new Set(now.flatMap((p, i) => p.of === "ratioToFirst" ? [firstOf(i)] : []));
  const wanted = cases.flatMap((c, caseIndex) => {
    const target = c.params.precision;
    if (target === null || elapsedSeconds >= c.params.maxTime || reaches(now[caseIndex], target)) return [];
    if (reference.has(caseIndex)) return [];
    // The field's own bound on repetitions holds here too (a case that keeps failing stops there).
    const { samples, failures } = results.cases[caseIndex];
    return samples.length + failures.length >= MAX_REPETITIONS ? [] : [caseIndex];
  });
  // A ratio to the first case pairs samples by repetition: the first case of each scenario joins
  // every added round, and the round's cases share one repetition number, after every one so far.
  const withFirsts = (members: readonly number[]) => {
    const round = new Set(members);
    for (const caseIndex of members) {
      const first = firstOf(caseIndex);
      if (first >= 0) round.add(first);
    }
    return [...round];
  };
  // maxTime is a budget: a case joins only if the round is expected to end within it. A smaller
  // round costs less, so the cases kept by the second look still fit.
  const fitting = (members: number[]) => {
    const seconds = time.estimate?.(withFirsts(members)) ?? 0;
    return members.filter((caseIndex) => elapsedSeconds + seconds <= cases[caseIndex].params.maxTime);
  };
  const kept = fitting(fitting(wanted));
  const repetition = 1 + Math.max(
    -1,
    ...cases.map((c) => c.params.repetitions - 1),
    ...results.cases.flatMap((c) => c.samples.map((s) => s.repetition)),
  );
  const order = shuffle(kept.length === 0 ? [] : withFirsts(kept), seededRandom(seed + nextIndex));
  return order.map((caseIndex, i) => ({ index: nextIndex + i, caseIndex, repetition, warmup: false }));
}

/** Records each case's precision against its target (finalized results; cases without a target untouched). */
export function recordPrecision(results: Results): void {
  const now = precisions(results);
  results.cases.forEach((c, i) => {
    const target = c.params.precision;
    if (target === null || target === undefined) return;
    const { halfWidth, of, coverage } = now[i];
    c.precision = { target, reached: reaches(now[i], target), halfWidth, of, coverage };
  });
}

/** One line per case that did not reach its precision target, for the terminal. */
export function precisionNotes(results: Results): string[] {
  return results.cases.flatMap((c) => {
    const p = c.precision;
    if (p === undefined || p.reached) return [];
    const got = p.halfWidth === null
      ? "no interval"
      : `±${(p.halfWidth * 100).toFixed(1)}%${
        typeof p.coverage === "number" && p.coverage < TARGET_COVERAGE
          ? ` (the range of ${c.samples.length} samples: ${Number((p.coverage * 100).toFixed(2))}% coverage, not 95%)`
          : ""
      }`;
    return [
      `${c.name}: precision ±${+(p.target * 100).toPrecision(4)}% not reached (${got} on its ${
        p.of === "median" ? "median" : p.of === "p50" ? "p50 (median of the runs)" : "ratio to the first case"
      }, ${c.samples.length} samples, maxTime ${c.params.maxTime} s)`,
    ];
  });
}
