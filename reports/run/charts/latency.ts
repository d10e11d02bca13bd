/**
 * The percentile chart of a run's latency cases (issue 18): one line per case, the round-trip
 * time at p50, p90, p99, p99.9 and p99.99 (each the median across the case's runs, with its 95%
 * interval as whiskers) on a "nines" axis — x = −log10(1 − p), so each nine is one step — and the
 * time on a log axis. Lower is better; a line that rises steeply at the right has a heavy tail.
 *
 * @module
 */
import { figureResolved, isLatencyCase, isOneWayCase, LATENCY_PERCENTILES } from "../../../model/latency.ts";
import type { Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";

/** A percentile's place on the nines axis: 50 → 0.30, 90 → 1, 99 → 2, 99.9 → 3, 99.99 → 4. */
export function ninesOf(percent: number): number {
  return -Math.log10(1 - percent / 100);
}

/** The percentile chart, or `null` when no case measured latency. */
export function latencyChart(results: Results): Figure | null {
  // One-way cases (a `rate`) are drawn against their load (latency-load.ts).
  const cases = results.cases.filter((c) =>
    isLatencyCase(c.params) && !isOneWayCase(c.params) && c.stats?.latencyMicroseconds !== undefined
  );
  if (cases.length === 0) return null;
  const title = "Round-trip latency by percentile";
  const x = LATENCY_PERCENTILES.map(([, percent]) => roundSignificant(ninesOf(percent)));
  const data = cases.map((c, index) => {
    const stats = c.stats!.latencyMicroseconds!;
    const figures = LATENCY_PERCENTILES.map(([key]) => stats[key]);
    // A percentile the runs have too few round trips for is their maximum: not drawn.
    const drawn = LATENCY_PERCENTILES.map(([key]) => figureResolved(key, c.samples));
    return {
      type: "scatter",
      mode: "lines+markers",
      name: escapeHtmlText(c.name),
      x,
      y: figures.map((summary, k) => drawn[k] ? roundSignificant(summary.median) : null),
      line: { color: colourAt(index), width: 2 },
      marker: { size: 6 },
      error_y: {
        type: "data",
        symmetric: false,
        array: figures.map((summary, k) =>
          drawn[k] && summary.n >= 2 ? roundSignificant(summary.ci95High - summary.median) : null
        ),
        arrayminus: figures.map((summary, k) =>
          drawn[k] && summary.n >= 2 ? roundSignificant(summary.median - summary.ci95Low) : null
        ),
        thickness: 1,
        width: 3,
      },
      customdata: LATENCY_PERCENTILES.map(([, percent], k) => [
        `p${percent}`,
        figures[k].n,
        roundSignificant(figures[k].ci95Low),
        roundSignificant(figures[k].ci95High),
      ]),
      hovertemplate: `<b>${escapeHtmlText(c.name)}</b><br>%{customdata[0]}: %{y} µs<br>` +
        "95% CI %{customdata[2]}–%{customdata[3]} µs (n = %{customdata[1]})<extra></extra>",
    };
  });
  const layout = baseLayout(title, {
    xaxis: axis({
      title: { text: "percentile" },
      tickvals: x,
      ticktext: LATENCY_PERCENTILES.map(([, percent]) => String(percent)),
      range: [0, 4.3],
    }),
    yaxis: axis({ title: { text: "round trip, µs (median of runs, 95% CI)" }, type: "log" }),
    legend: { orientation: "v" },
  });
  return { name: "latency-percentiles", title, data, layout };
}
