/**
 * The distribution chart of a run: every sample of every case beside a box of its quartiles,
 * outliers circled.
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt, INK, withAlpha } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { scenarioOrder } from "../groups.ts";
import { caseAxis } from "./case-axis.ts";

const OUTLIER = "#d62728";

/** Deterministic horizontal offsets spreading `count` points across ±0.22 of a slot, in run order. */
function stripOffsets(count: number): number[] {
  if (count <= 1) return [0];
  return Array.from({ length: count }, (_, i) => roundSignificant(-0.22 + (0.44 * i) / (count - 1), 3));
}

/** Ticks 1, 2, 5, 10, 20, 50… covering `[low, high]` (readable labels on a log axis). */
function oneTwoFive(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let decade = Math.floor(Math.log10(low)); 10 ** decade <= high; decade++) {
    for (const step of [1, 2, 5]) ticks.push(roundSignificant(step * 10 ** decade, 3));
  }
  const first = ticks.findLastIndex((tick) => tick <= low);
  const last = ticks.findIndex((tick) => tick >= high);
  return ticks.slice(Math.max(first, 0), last < 0 ? ticks.length : last + 1);
}

/**
 * Every sample of every case: a box per case (quartiles) with all samples drawn beside it in run
 * order, outliers (flagged in the stats: modified z-score > 3.5) circled in red. The y axis turns
 * logarithmic when the cases differ by more than 5×, so equal relative noise looks equal.
 */
export function distributionChart(results: Results): Figure {
  const title = "Every sample (run order, left to right)";
  const layoutAxis = caseAxis(results.cases, scenarioOrder(results));
  const data: unknown[] = [];
  const sampleX: number[] = [];
  const sampleY: number[] = [];
  const sampleInfo: unknown[] = [];
  const outlierX: number[] = [];
  const outlierY: number[] = [];
  const outlierInfo: unknown[] = [];
  layoutAxis.scenarios.forEach((scenario, index) => {
    const boxX: number[] = [];
    const boxY: number[] = [];
    results.cases.forEach((result, caseIndex) => {
      if (result.scenario !== scenario) return;
      const position = layoutAxis.positions[caseIndex];
      const offsets = stripOffsets(result.samples.length);
      const outliers = new Set(result.stats?.outliers ?? []);
      result.samples.forEach((sample, sampleIndex) => {
        const y = roundSignificant(sample.gibPerSecond);
        const x = roundSignificant(position + offsets[sampleIndex], 4);
        const info = [escapeHtmlText(result.name), sample.run, sample.repetition];
        boxX.push(position);
        boxY.push(y);
        sampleX.push(x);
        sampleY.push(y);
        sampleInfo.push(info);
        if (outliers.has(sampleIndex)) {
          outlierX.push(x);
          outlierY.push(y);
          outlierInfo.push(info);
        }
      });
    });
    data.push({
      type: "box",
      name: escapeHtmlText(scenario),
      showlegend: false,
      x: boxX,
      y: boxY,
      width: 0.62,
      boxpoints: false,
      fillcolor: withAlpha(colourAt(index), 0.16),
      line: { color: colourAt(index), width: 1.5 },
      hoverinfo: "skip",
    });
  });
  const hovertemplate = "<b>%{customdata[0]}</b><br>%{y:.3f} GiB/s<br>run %{customdata[1]}, " +
    "repetition %{customdata[2]}<extra></extra>";
  data.push({
    type: "scatter",
    mode: "markers",
    name: "sample",
    x: sampleX,
    y: sampleY,
    customdata: sampleInfo,
    marker: { color: withAlpha(INK, 0.75), size: 6 },
    hovertemplate,
  });
  data.push({
    type: "scatter",
    mode: "markers",
    name: "outlier (MAD z > 3.5)",
    x: outlierX,
    y: outlierY,
    customdata: outlierInfo,
    marker: { symbol: "circle-open", color: OUTLIER, size: 14, line: { width: 2, color: OUTLIER } },
    hovertemplate: hovertemplate.replace("<extra>", "<br><b>outlier</b><extra>"),
  });
  // Loops, not Math.min(...values): 130,000 samples (13 cases × 10,000 repetitions) as call
  // arguments overflow the stack.
  let [low, high] = [Infinity, 0];
  for (const value of sampleY) {
    if (value > 0 && value < low) low = value;
    if (value > high) high = value;
  }
  if (low === Infinity) low = 0;
  const logarithmic = low > 0 && high / low > 5;
  const layout = baseLayout(title, {
    xaxis: layoutAxis.xaxis,
    yaxis: axis(
      logarithmic
        ? {
          type: "log",
          title: { text: "GiB/s per run (log scale)" },
          tickmode: "array",
          tickvals: oneTwoFive(low, high),
        }
        : { type: "linear", title: { text: "GiB/s per run" } },
    ),
    annotations: layoutAxis.annotations,
    shapes: layoutAxis.shapes,
    legend: layoutAxis.legend,
    hovermode: "closest",
    boxmode: "overlay",
  });
  return { name: "distribution", title, data, layout };
}
