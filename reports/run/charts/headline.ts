/**
 * The headline chart of a run: the median throughput of every case as a bar with its 95% CI (no
 * bar from a single sample; the hover says when the interval is the sample range).
 *
 * @module
 */
import type { CaseResult, Results, Summary } from "../../../model/types.ts";
import { hasInterval } from "../../../stats/small-samples.ts";
import { formatCv, intervalHover, NONE } from "../../format/interval.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt, INK } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { scenarioOrder } from "../groups.ts";
import { caseAxis, MAX_VALUE_LABELS } from "./case-axis.ts";

function sampleCount(result: CaseResult): number {
  return result.samples.length;
}

/** Whether a case gets an error bar: it has an interval (two samples or more). */
function hasBar(summary: Summary | null): summary is Summary {
  return summary !== null && hasInterval(summary.n);
}

/**
 * Median throughput of every case as a bar, in results order, with the 95% confidence interval
 * of the median as asymmetric error bars and the value printed on the bar. One trace per
 * scenario (coloured and labelled by scenario when there are several).
 */
export function headlineChart(results: Results): Figure {
  const title = "Median throughput per case";
  const layoutAxis = caseAxis(results.cases, scenarioOrder(results));
  const data = layoutAxis.scenarios.map((scenario, index) => {
    const indices = results.cases.flatMap((result, i) => result.scenario === scenario ? [i] : []);
    const stats = indices.map((i) => results.cases[i].stats?.throughputGibPerSecond ?? null);
    const median = (i: number) => stats[i] === null ? null : roundSignificant(stats[i]!.median);
    return {
      type: "bar",
      name: escapeHtmlText(scenario),
      showlegend: false,
      x: indices.map((i) => layoutAxis.positions[i]),
      y: indices.map((_, k) => median(k)),
      marker: { color: colourAt(index), line: { width: 0 } },
      width: 0.7,
      error_y: {
        type: "data",
        symmetric: false,
        // One sample has no interval: no bar at all rather than a zero-length "95% CI".
        array: stats.map((summary) => hasBar(summary) ? roundSignificant(summary.ci95High - summary.median) : null),
        arrayminus: stats.map((summary) => hasBar(summary) ? roundSignificant(summary.median - summary.ci95Low) : null),
        color: INK,
        thickness: 1.5,
        width: 5,
      },
      texttemplate: "%{y:.2f}",
      textposition: results.cases.length > MAX_VALUE_LABELS ? "none" : "auto",
      insidetextanchor: "middle",
      textangle: 0,
      insidetextfont: { color: "#ffffff" },
      outsidetextfont: { color: INK },
      cliponaxis: false,
      customdata: indices.map((i, k) => [
        escapeHtmlText(results.cases[i].name),
        stats[k] === null ? "no sample" : intervalHover(stats[k]!),
        stats[k] === null ? NONE : formatCv(stats[k]!),
        sampleCount(results.cases[i]),
      ]),
      hovertemplate: "<b>%{customdata[0]}</b><br>median %{y:.3f} GiB/s<br>" +
        "%{customdata[1]}<br>CV %{customdata[2]}<br>n = %{customdata[3]}<extra></extra>",
    };
  });
  const layout = baseLayout(title, {
    xaxis: layoutAxis.xaxis,
    yaxis: axis({ title: { text: "GiB/s (median, 95% CI)" }, rangemode: "tozero" }),
    annotations: layoutAxis.annotations,
    shapes: layoutAxis.shapes,
    barmode: "overlay",
    bargap: 0.25,
  });
  return { name: "headline", title, data, layout };
}
