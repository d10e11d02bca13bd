/**
 * The waterfall of a scenario's steps: the first case's median throughput as a bar from zero, then
 * each step as a floating bar from the previous median to its own (green up, red down). The
 * cartesian Plotly bundle has no waterfall trace, so it is a bar chart with `base`.
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, categoryAxis, PALETTE } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { slug } from "../../format/names.ts";
import { scenarioSteps } from "../explain/steps.ts";

const UP = "#59a14f";
const DOWN = "#e15759";

/** One waterfall per scenario that forms a sequence, named `waterfall-<scenario>`. */
export function waterfallCharts(results: Results): Figure[] {
  return scenarioSteps(results).flatMap(({ scenario, cases, steps }) => {
    const medians = cases.map((c) => c.stats?.throughputGibPerSecond.median ?? null);
    if (medians.some((m) => m === null)) return [];
    const values = medians as number[];
    const labels = cases.map((c) => c.name);
    const title = `${scenario}: throughput step by step`;
    const bars = values.map((value, i) =>
      i === 0 ? { base: 0, size: value } : {
        base: Math.min(values[i - 1], value),
        size: Math.abs(value - values[i - 1]),
      }
    );
    const hover = values.map((value, i) =>
      i === 0
        ? `${value.toFixed(2)} GiB/s`
        : `${values[i - 1].toFixed(2)} → ${value.toFixed(2)} GiB/s (${(value / values[i - 1]).toFixed(2)}×)<br>${
          escapeHtmlText(steps[i - 1].changes.join(", "))
        }`
    );
    const data = [{
      type: "bar",
      name: "step",
      x: labels.map(escapeHtmlText),
      y: bars.map((bar) => roundSignificant(bar.size)),
      base: bars.map((bar) => roundSignificant(bar.base)),
      marker: { color: values.map((value, i) => i === 0 ? PALETTE[0] : value >= values[i - 1] ? UP : DOWN) },
      customdata: hover,
      hovertemplate: "<b>%{x}</b><br>%{customdata}<extra></extra>",
      showlegend: false,
    }, {
      type: "scatter",
      mode: "lines+markers",
      name: "median",
      x: labels.map(escapeHtmlText),
      y: values.map((value) => roundSignificant(value)),
      line: { color: "#9ca3af", dash: "dot", width: 1, shape: "hv" },
      marker: { size: 5, color: "#1f2937" },
      hovertemplate: "<b>%{x}</b><br>median %{y:.2f} GiB/s<extra></extra>",
      showlegend: false,
    }];
    const layout = baseLayout(title, {
      height: 420,
      xaxis: categoryAxis(labels),
      yaxis: axis({ title: { text: "GiB/s (median)" }, rangemode: "tozero" }),
      margin: { l: 64, r: 24, t: 64, b: 96 },
    });
    return [{ name: `waterfall-${slug(scenario)}`, title, data, layout }];
  });
}
