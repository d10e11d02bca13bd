/**
 * The table of a run's latency cases (issue 18): per scenario, one row per case with the median
 * across repetitions of each figure of its runs — p50, p90, p99, p99.9, p99.99, max, mean, in
 * µs — the p50 and p99 with their 95% interval, the runs and the failed runs. The terminal,
 * `summary.md` and the HTML summary lay it out; lower is better. Throughput cases are in the run
 * table (`table.ts`), latency cases only here.
 *
 * @module
 */
import { figureLabel, figureResolved, isLatencyCase, LATENCY_FIGURES } from "../../model/latency.ts";
import type { CaseResult, Results } from "../../model/types.ts";
import { formatLatencySummary, formatMicroseconds } from "../format/latency.ts";
import { casesByScenario, scenarioOrder } from "./groups.ts";

/** The headings of the latency table, in order. */
export const LATENCY_COLUMNS: readonly string[] = Object.freeze([
  "case",
  ...LATENCY_FIGURES.map((figure) => figureLabel(figure)),
  "runs",
  "failed",
]);

/** The alignment of each of {@link LATENCY_COLUMNS}: the case left, the figures and counts right. */
export const LATENCY_ALIGNS: readonly ("left" | "right")[] = Object.freeze(
  LATENCY_COLUMNS.map((_, i) => i === 0 ? "left" : "right"),
);

/** One scenario's latency rows: each the texts of its cells, in {@link LATENCY_COLUMNS} order. */
export interface LatencyTableGroup {
  /** Scenario name. */
  scenario: string;
  /** Per case, its cells' texts. */
  rows: string[][];
  /** Per row, its case's id (the Markdown export names rows by id, since its table spans scenarios). */
  ids: string[];
}

/** With an interval in its cell (the rest: the median only, to keep the table narrow). */
const WITH_INTERVAL: ReadonlySet<string> = new Set(["p50", "p99"]);

function rowOf(result: CaseResult): string[] {
  const stats = result.stats?.latencyMicroseconds;
  const name = result.warnings.length > 0 ? `${result.name} ⚠` : result.name;
  const figures = LATENCY_FIGURES.map((figure) =>
    // Too few round trips in a run for this percentile: its value would be the maximum.
    stats === undefined || !figureResolved(figure, result.samples)
      ? "—"
      : WITH_INTERVAL.has(figure)
      ? formatLatencySummary(stats[figure])
      : formatMicroseconds(stats[figure].median)
  );
  return [name, ...figures, String(stats?.p50.n ?? 0), String(result.failures.length)];
}

/** The latency table: per scenario with latency cases (report order), one row per latency case. */
export function latencyTable(results: Results): LatencyTableGroup[] {
  const groups = casesByScenario(results);
  return scenarioOrder(results).flatMap((scenario) => {
    const cases = (groups.get(scenario) ?? []).filter((c) => isLatencyCase(c.params));
    return cases.length === 0 ? [] : [{ scenario, rows: cases.map(rowOf), ids: cases.map((c) => c.id) }];
  });
}

/** What the latency table shows, said once under it. */
export const LATENCY_NOTE =
  "latency: round trips of one message (µs; with a rate, one way: arrival − intended send time), each figure the median across the runs, " +
  "p50 and p99 with their 95% CI across the runs (at n ≤ 5 the range of the runs, with its coverage of the median: " +
  "50% at n = 2, 75% at n = 3, 87.5% at n = 4, 93.75% at n = 5); lower is better. Within a run the " +
  "percentiles come from a histogram of every round trip (within 0.4%); — where a run has too few round trips " +
  "for the percentile (p99.9 needs 1000, p99.99 10000).";
