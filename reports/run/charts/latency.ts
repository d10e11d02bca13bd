/**
 * The percentile chart of a run's latency cases (issue 18): one line per case, the round-trip
 * time at p50, p90, p99, p99.9 and p99.99 (each the median across the case's runs, with its 95%
 * interval as whiskers) on a "nines" axis — x = −log10(1 − p), so each nine is one step — and the
 * time on a log axis. Lower is better; a line that rises steeply at the right has a heavy tail.
 * The chart itself is shared with the merge (`page/percentile-chart.ts`).
 *
 * @module
 */
import { figureResolved, isLatencyCase, isOneWayCase, LATENCY_PERCENTILES } from "../../../model/latency.ts";
import type { Results } from "../../../model/types.ts";
import { colourAt } from "../../page/chart-theme.ts";
import type { Figure } from "../../page/figure.ts";
import { percentileChart } from "../../page/percentile-chart.ts";

export { ninesOf } from "../../page/percentile-chart.ts";

/** The percentile chart, or `null` when no case measured latency. */
export function latencyChart(results: Results): Figure | null {
  // One-way cases (a `rate`) are drawn against their load (latency-load.ts).
  const cases = results.cases.filter((c) =>
    isLatencyCase(c.params) && !isOneWayCase(c.params) && c.stats?.latencyMicroseconds !== undefined
  );
  if (cases.length === 0) return null;
  const lines = cases.map((c, index) => {
    const stats = c.stats!.latencyMicroseconds!;
    return {
      name: c.name,
      figures: LATENCY_PERCENTILES.map(([key]) => stats[key]),
      // A percentile the runs have too few round trips for is their maximum: not drawn.
      drawn: LATENCY_PERCENTILES.map(([key]) => figureResolved(key, c.samples)),
      colour: colourAt(index),
    };
  });
  return percentileChart("latency-percentiles", "Round-trip latency by percentile", lines);
}
