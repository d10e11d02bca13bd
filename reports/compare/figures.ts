/**
 * The charts of a comparison: `compare-ratio` (current/base per case with its CI, coloured by
 * verdict) and `compare-distributions` (both runs' samples side by side).
 *
 * @module
 */
import type { CaseComparison, Comparison, RunLabel } from "../../stats/compare.ts";
import { hasInterval } from "../../stats/small-samples.ts";
import { distinctCaseLabels } from "../format/names.ts";
import { formatPValue, roundSignificant } from "../format/numbers.ts";
import { axis, baseLayout, categoryAxis, INK, PALETTE, sampleBoxTrace } from "../page/chart-theme.ts";
import { escapeHtmlText } from "../page/escape.ts";
import type { Figure } from "../page/figure.ts";
import { changeOf, comparedName, splitByMeasure, VERDICT_COLOURS, VERDICT_LABELS, VERDICT_ORDER } from "./verdicts.ts";

/** Whether a case's ratio has an interval to draw (at least one side has two samples). */
function hasBar(item: CaseComparison): boolean {
  return hasInterval(item.base.n) || hasInterval(item.current.n);
}

function ratioChart(c: Comparison, labels: string[]): Figure {
  const title = `Change per case: ${c.current.label} / ${c.base.label}`;
  // A figure not resolved has no ratio: no marker (its category stays, empty).
  const data = VERDICT_ORDER.filter((verdict) => verdict !== "unresolved").flatMap((verdict) => {
    const indices = c.cases.flatMap((item, i) => item.verdict === verdict ? [i] : []);
    if (indices.length === 0) return [];
    const colour = VERDICT_COLOURS[verdict];
    return [{
      type: "scatter",
      mode: "markers",
      name: `${VERDICT_LABELS[verdict]} (${indices.length})`,
      x: indices.map((i) => escapeHtmlText(labels[i])),
      y: indices.map((i) => roundSignificant(c.cases[i].ratio)),
      marker: { color: colour, size: 11, symbol: "diamond", line: { color: INK, width: 0.5 } },
      error_y: {
        type: "data",
        symmetric: false,
        // One sample on each side leaves no interval: no bar rather than a zero-length one.
        array: indices.map((i) =>
          hasBar(c.cases[i]) ? roundSignificant(c.cases[i].ratioHigh - c.cases[i].ratio) : null
        ),
        arrayminus: indices.map((i) =>
          hasBar(c.cases[i]) ? roundSignificant(c.cases[i].ratio - c.cases[i].ratioLow) : null
        ),
        color: colour,
        thickness: 2,
        width: 6,
      },
      customdata: indices.map((i) => [
        escapeHtmlText(comparedName(c.cases[i])),
        escapeHtmlText(changeOf(c.cases[i])),
        formatPValue(c.cases[i].pValue),
        escapeHtmlText(c.cases[i].id),
      ]),
      hovertemplate: "<b>%{customdata[0]}</b><br>ratio %{y:.3f}<br>change %{customdata[1]}<br>" +
        `p = %{customdata[2]}<br>${VERDICT_LABELS[verdict]}<br>%{customdata[3]}<extra></extra>`,
    }];
  });
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: axis({ title: { text: "current / base (ratio of medians, 95% CI)" }, zeroline: false }),
    shapes: [
      {
        type: "rect",
        xref: "paper",
        yref: "y",
        x0: 0,
        x1: 1,
        y0: 1 - c.threshold,
        y1: 1 + c.threshold,
        fillcolor: "rgba(140,140,140,0.15)",
        line: { width: 0 },
        layer: "below",
      },
      {
        type: "line",
        xref: "paper",
        yref: "y",
        x0: 0,
        x1: 1,
        y0: 1,
        y1: 1,
        line: { color: INK, width: 1.5, dash: "dash" },
        layer: "below",
      },
    ],
    hovermode: "closest",
  });
  return { name: "compare-ratio", title, data, layout };
}

function distributionsChart(
  c: Comparison,
  items: CaseComparison[],
  labels: string[],
  latency: boolean,
): Figure {
  const title = latency
    ? "Every latency run's figure, base and current side by side"
    : "Every sample, base and current side by side";
  const side = (run: RunLabel, pick: (item: CaseComparison) => number[], colour: string) =>
    sampleBoxTrace(run.label, labels, items.map(pick), colour);
  // A side's latency figure its runs timed too few round trips for is their maximum: not drawn.
  const shown = (item: CaseComparison, key: "base" | "current") =>
    item.resolved?.[key] === false ? [] : key === "base" ? item.baseSamples : item.currentSamples;
  const layout = baseLayout(title, {
    xaxis: categoryAxis(labels),
    yaxis: latency
      ? axis({ title: { text: "µs per run (lower is better)" }, type: "log" })
      : axis({ title: { text: "GiB/s per run" }, rangemode: "tozero" }),
    boxmode: "group",
    hovermode: "closest",
  });
  return {
    name: latency ? "compare-latency-distributions" : "compare-distributions",
    title,
    data: [
      side(c.base, (item) => shown(item, "base"), PALETTE[0]),
      side(c.current, (item) => shown(item, "current"), PALETTE[1]),
    ],
    layout,
  };
}

/**
 * The comparison charts: `compare-ratio` (one marker per matched case at current/base with its 95%
 * CI, a dashed line at 1 and a shaded band 1 ± threshold, coloured by verdict) and
 * `compare-distributions` (both runs' samples per case, box with points). Empty without a
 * matched case.
 *
 * @example
 * ```ts
 * const [ratio, distributions] = compareFigures(comparison);
 * ```
 */
export function compareFigures(c: Comparison): Figure[] {
  if (c.cases.length === 0) return [];
  // A latency case has a comparison per figure: its labels name the figure.
  const labelOf = (items: CaseComparison[]) =>
    distinctCaseLabels(items.map((item) => ({ name: comparedName(item), scenario: item.scenario })));
  const { throughput, latency } = splitByMeasure(c);
  const figures = [ratioChart(c, labelOf(c.cases))];
  if (throughput.length > 0) figures.push(distributionsChart(c, throughput, labelOf(throughput), false));
  if (latency.length > 0) figures.push(distributionsChart(c, latency, labelOf(latency), true));
  return figures;
}
