/**
 * Whether each side of a compared latency figure resolves it: every run timed enough round trips
 * for the percentile (`figureResolved` of model/latency.ts, the rule behind the "—" of a run's
 * latency table and of a merge's). A p99 from fewer than 100 round trips is the run's maximum, so
 * `compare` gives such a figure no verdict on its change but `unresolved`, with the reason built
 * here.
 *
 * @module
 */
import { figureLabel, figureMinimumCount, figureResolved, type LatencyFigure } from "../model/latency.ts";
import type { Results } from "../model/types.ts";

/** Runs of one side, as far as their round-trip counts go. */
type Runs = readonly { latency?: { roundTrips: number } }[];

/** Whether each side resolves a figure, and why the comparison does not when one side does not. */
export interface FigureResolution {
  /** Every base run timed enough round trips for the figure. */
  base: boolean;
  /** Every current run timed enough round trips for the figure. */
  current: boolean;
  /**
   * `null` when both sides resolve it, else the counts and the need: `50 round trips per run; p99
   * needs ≥ 100`, or `base 1000, current 50 round trips per run; p99 needs ≥ 100` when they differ.
   */
  reason: string | null;
}

/** The round trips per run of a side: `50`, or `40–50` when its runs timed different counts. */
function countsText(runs: Runs): string {
  const counts = runs.flatMap((run) => run.latency === undefined ? [] : [run.latency.roundTrips]);
  if (counts.length === 0) return "no";
  const fewest = Math.min(...counts);
  const most = Math.max(...counts);
  return fewest === most ? String(fewest) : `${fewest}–${most}`;
}

/**
 * Whether the base and current runs of a case resolve a latency figure (the same rule as the
 * run's and the merge's tables), and the reason of the `unresolved` verdict when one does not.
 *
 * @example
 * ```ts
 * figureResolution("p99", baseCase.samples, currentCase.samples).reason;
 * // "50 round trips per run; p99 needs ≥ 100"
 * ```
 */
export function figureResolution(figure: LatencyFigure, base: Runs, current: Runs): FigureResolution {
  const resolved = { base: figureResolved(figure, base), current: figureResolved(figure, current) };
  if (resolved.base && resolved.current) return { ...resolved, reason: null };
  const [before, after] = [countsText(base), countsText(current)];
  const counts = before === after ? before : `base ${before}, current ${after}`;
  return {
    ...resolved,
    reason: `${counts} round trips per run; ${figureLabel(figure)} needs ≥ ${figureMinimumCount(figure)}`,
  };
}

/**
 * Whether `compare` finds figure `figure` of case `id` `unresolved` (both sides timed round trips,
 * one side too few for it; `null`, a throughput: never): no test, so not one of the family.
 */
export function unresolvedFigure(base: Results, current: Results, id: string, figure: LatencyFigure | null): boolean {
  if (figure === null) return false;
  const runs = (results: Results) => results.cases.find((c) => c.id === id)?.samples ?? [];
  const [before, after] = [runs(base), runs(current)];
  const timed = (samples: Runs) => samples.some((s) => s.latency !== undefined);
  return timed(before) && timed(after) && figureResolution(figure, before, after).reason !== null;
}
