/**
 * The latency percentile chart (issue 18), shared by a run's report (one line per latency case)
 * and a merge's (one line per latency case and machine): the round-trip time at p50, p90, p99,
 * p99.9 and p99.99 (each the median across a case's runs, with its 95% interval as whiskers) on a
 * "nines" axis — x = −log10(1 − p), so each nine is one step — and the time on a log axis. Lower
 * is better; a line that rises steeply at the right has a heavy tail.
 *
 * @module
 */
import { LATENCY_PERCENTILES } from "../../model/latency.ts";
import type { Summary } from "../../model/types.ts";
import { hasInterval } from "../../stats/small-samples.ts";
import { roundSignificant } from "../format/numbers.ts";
import { axis, baseLayout } from "./chart-theme.ts";
import { escapeHtmlText } from "./escape.ts";
import type { Figure } from "./figure.ts";

/** A percentile's place on the nines axis: 50 → 0.30, 90 → 1, 99 → 2, 99.9 → 3, 99.99 → 4. */
export function ninesOf(percent: number): number {
  return -Math.log10(1 - percent / 100);
}

/** One line of the percentile chart. */
export interface PercentileLine {
  /** Legend name (escaped here for Plotly). */
  name: string;
  /** Summary (µs across the runs) of each percentile, in {@linkcode LATENCY_PERCENTILES} order. */
  figures: readonly Summary[];
  /**
   * Per percentile, whether to draw it: one the runs have too few round trips for is their
   * maximum (`figureResolved`).
   */
  drawn: readonly boolean[];
  /** Line colour. */
  colour: string;
  /** Plotly dash style; solid when absent. */
  dash?: string;
  /** Plotly legend group: lines of one group toggle together. */
  group?: string;
}

function percentileTrace(line: PercentileLine, x: number[]): Record<string, unknown> {
  const { figures, drawn } = line;
  const name = escapeHtmlText(line.name);
  return {
    type: "scatter",
    mode: "lines+markers",
    name,
    ...(line.group === undefined ? {} : { legendgroup: escapeHtmlText(line.group) }),
    x,
    y: figures.map((summary, k) => drawn[k] ? roundSignificant(summary.median) : null),
    line: { color: line.colour, width: 2, ...(line.dash === undefined ? {} : { dash: line.dash }) },
    marker: { size: 6 },
    error_y: {
      type: "data",
      symmetric: false,
      array: figures.map((summary, k) =>
        drawn[k] && hasInterval(summary.n) ? roundSignificant(summary.ci95High - summary.median) : null
      ),
      arrayminus: figures.map((summary, k) =>
        drawn[k] && hasInterval(summary.n) ? roundSignificant(summary.median - summary.ci95Low) : null
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
    hovertemplate: `<b>${name}</b><br>%{customdata[0]}: %{y} µs<br>` +
      "95% CI %{customdata[2]}–%{customdata[3]} µs (n = %{customdata[1]})<extra></extra>",
  };
}

/**
 * The percentile chart named `name` (a file-safe figure name), one trace per line, in order.
 *
 * @example
 * ```ts
 * const figure = percentileChart("latency-percentiles", "Round-trip latency by percentile", lines);
 * ```
 */
export function percentileChart(name: string, title: string, lines: readonly PercentileLine[]): Figure {
  const x = LATENCY_PERCENTILES.map(([, percent]) => roundSignificant(ninesOf(percent)));
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
  return { name, title, data: lines.map((line) => percentileTrace(line, x)), layout };
}
