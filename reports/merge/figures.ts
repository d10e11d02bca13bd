/**
 * The charts of a merge: `merged-headline` (grouped bars, one trace per machine),
 * `merged-distribution` (every sample, grouped the same way) and, for latency cases,
 * `merged-latency-percentiles` (the run report's percentile chart, one line per case and machine).
 *
 * @module
 */
import type { Merged } from "../../stats/compare.ts";
import { distinctCaseLabels } from "../format/names.ts";
import { hasInterval } from "../../stats/small-samples.ts";
import { intervalHover } from "../format/interval.ts";
import { roundSignificant } from "../format/numbers.ts";
import { axis, baseLayout, categoryAxis, colourAt, INK, sampleBoxTrace } from "../page/chart-theme.ts";
import { escapeHtmlText } from "../page/escape.ts";
import type { Figure } from "../page/figure.ts";
import { percentileChart, type PercentileLine } from "../page/percentile-chart.ts";
import { MERGED_LATENCY_FIGURES } from "../../stats/merge.ts";
import { latencyCases, throughputCases } from "./latency.ts";

/** Dash styles telling the cases of the percentile chart apart (the colour is the machine's). */
const CASE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"] as const;

function headlineChart(m: Merged, labels: string[]): Figure {
  const title = "Median throughput per case and machine";
  const data = m.machines.map((machine, index) => {
    const summaries = m.cases.map((c) => c.perMachine[index]);
    return {
      type: "bar",
      name: escapeHtmlText(machine.label),
      x: labels.map(escapeHtmlText),
      y: summaries.map((s) => s === null ? null : roundSignificant(s.median)),
      marker: { color: colourAt(index), line: { width: 0 } },
      error_y: {
        type: "data",
        symmetric: false,
        // One sample has no interval: no whisker rather than a zero-length one.
        array: summaries.map((s) => s === null || !hasInterval(s.n) ? null : roundSignificant(s.ci95High - s.median)),
        arrayminus: summaries.map((s) =>
          s === null || !hasInterval(s.n) ? null : roundSignificant(s.median - s.ci95Low)
        ),
        color: INK,
        thickness: 1.5,
        width: 4,
      },
      customdata: summaries.map((s) => s === null ? ["not measured", 0] : [intervalHover(s), s.n]),
      hovertemplate: "<b>%{x}</b><br>%{fullData.name}<br>median %{y:.3f} GiB/s<br>" +
        "%{customdata[0]}<br>n = %{customdata[1]}<extra></extra>",
    };
  });
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "GiB/s (median, 95% CI)" }, rangemode: "tozero" }),
    barmode: "group",
    bargap: 0.2,
    bargroupgap: 0.05,
  });
  return { name: "merged-headline", title, data, layout };
}

function distributionChart(m: Merged, labels: string[]): Figure {
  const title = "Every sample per case and machine";
  const data = m.machines.map((machine, index) =>
    sampleBoxTrace(machine.label, labels, m.cases.map((c) => c.samples[index]), colourAt(index))
  );
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "GiB/s per run" }, rangemode: "tozero" }),
    boxmode: "group",
    hovermode: "closest",
  });
  return { name: "merged-distribution", title, data, layout };
}

/**
 * The latency percentile chart of a merge: one line per round-trip case and machine that measured
 * it, named `case · machine`, coloured by machine (as the bars), dashed by case, each case one
 * legend group; `null` without such a case. One-way cases (a `rate`) are left out, as in a run's
 * report: their times are not round trips.
 */
function latencyPercentilesChart(m: Merged): Figure | null {
  const lines: PercentileLine[] = latencyCases(m).filter((c) => !c.latency!.oneWay).flatMap((c, caseIndex) =>
    m.machines.flatMap((machine, index): PercentileLine[] => {
      const latency = c.latency!;
      const figures = MERGED_LATENCY_FIGURES.map((figure) => latency[figure][index]);
      if (figures.some((summary) => summary === null)) return [];
      return [{
        name: `${c.name} · ${machine.label}`,
        figures: figures.map((summary) => summary!),
        // A percentile the runs have too few round trips for is their maximum: not drawn.
        drawn: MERGED_LATENCY_FIGURES.map((figure) => latency.resolved[figure][index]),
        colour: colourAt(index),
        dash: CASE_DASHES[caseIndex % CASE_DASHES.length],
        group: c.id,
      }];
    })
  );
  if (lines.length === 0) return null;
  return percentileChart("merged-latency-percentiles", "Round-trip latency by percentile, per machine", lines);
}

/**
 * The merge charts: `merged-headline` (grouped bars, x = case, one trace per machine named by its
 * label, 95% CI whiskers), `merged-distribution` (every sample, box with points, grouped the
 * same way) and `merged-latency-percentiles` for the latency cases. Empty when there is no case
 * or no machine.
 *
 * @example
 * ```ts
 * const [headline] = mergedFigures(merged);
 * ```
 */
export function mergedFigures(all: Merged): Figure[] {
  if (all.machines.length === 0) return [];
  const latency = latencyPercentilesChart(all);
  const latencyFigures = latency === null ? [] : [latency];
  // Latency cases have their percentile chart: the throughput of their round trips is not charted.
  const m = throughputCases(all);
  if (m.cases.length === 0) return latencyFigures;
  const labels = distinctCaseLabels(m.cases);
  const figures = [headlineChart(m, labels)];
  if (m.cases.some((c) => c.samples.some((values) => values.length > 0))) figures.push(distributionChart(m, labels));
  return [...figures, ...latencyFigures];
}
