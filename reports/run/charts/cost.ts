/**
 * What moving a GiB costs each side of a case: CPU seconds and context switches per GiB, as a
 * number ({@linkcode costPerGib}) and as a chart.
 *
 * @module
 */
import { GIB_BYTES } from "../../../model/sizes.ts";
import type { CaseResult, Results, SideReport } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, SIDE_COLOURS } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { scenarioOrder } from "../groups.ts";
import { caseAxis } from "./case-axis.ts";

/** Resource usage of one side per GiB moved, summed over a case's samples. */
export interface CostPerGib {
  /** User CPU seconds per GiB. */
  userSeconds: number;
  /** System CPU seconds per GiB. */
  systemSeconds: number;
  /** Voluntary context switches per GiB. */
  voluntaryContextSwitches: number;
  /** Involuntary context switches per GiB. */
  involuntaryContextSwitches: number;
}

/**
 * One side's usage per GiB over a case's samples (total usage / total bytes), or `null` when
 * that side reported nothing (an external writer, or no samples).
 */
export function costPerGib(result: CaseResult, side: "writer" | "reader"): CostPerGib | null {
  let bytes = 0;
  const total = { userSeconds: 0, systemSeconds: 0, voluntaryContextSwitches: 0, involuntaryContextSwitches: 0 };
  for (const sample of result.samples) {
    const report: SideReport | null = sample[side];
    if (report === null) continue;
    bytes += sample.bytes;
    total.userSeconds += report.usage.userSeconds;
    total.systemSeconds += report.usage.systemSeconds;
    total.voluntaryContextSwitches += report.usage.voluntaryContextSwitches;
    total.involuntaryContextSwitches += report.usage.involuntaryContextSwitches;
  }
  if (bytes === 0) return null;
  const gib = bytes / GIB_BYTES;
  return {
    userSeconds: total.userSeconds / gib,
    systemSeconds: total.systemSeconds / gib,
    voluntaryContextSwitches: total.voluntaryContextSwitches / gib,
    involuntaryContextSwitches: total.involuntaryContextSwitches / gib,
  };
}

/**
 * What moving a GiB costs each side: CPU seconds per GiB (user and system stacked) on top, context
 * switches per GiB (voluntary and involuntary stacked) below; writer and reader side by side.
 * An external writer has no bars.
 */
export function costChart(results: Results): Figure {
  const title = "Cost per GiB moved, writer and reader";
  const layoutAxis = caseAxis(results.cases, scenarioOrder(results));
  const costs = {
    writer: results.cases.map((result) => costPerGib(result, "writer")),
    reader: results.cases.map((result) => costPerGib(result, "reader")),
  };
  const names = results.cases.map((result) => escapeHtmlText(result.name));
  const data: unknown[] = [];
  for (const side of ["writer", "reader"] as const) {
    const layers: { key: keyof CostPerGib; label: string; yaxis: string; unit: string; base?: keyof CostPerGib }[] = [
      { key: "userSeconds", label: "user", yaxis: "y", unit: "CPU s/GiB" },
      { key: "systemSeconds", label: "system", yaxis: "y", unit: "CPU s/GiB", base: "userSeconds" },
      { key: "voluntaryContextSwitches", label: "voluntary switches", yaxis: "y2", unit: "/GiB" },
      {
        key: "involuntaryContextSwitches",
        label: "involuntary switches",
        yaxis: "y2",
        unit: "/GiB",
        base: "voluntaryContextSwitches",
      },
    ];
    for (const layer of layers) {
      const value = (cost: CostPerGib | null) => cost === null ? null : roundSignificant(cost[layer.key]);
      const strong = layer.base === undefined;
      data.push({
        type: "bar",
        name: `${side} ${layer.label}`,
        legendgroup: `${side}-${layer.label}`,
        showlegend: layer.yaxis === "y",
        offsetgroup: side,
        xaxis: "x",
        yaxis: layer.yaxis,
        x: layoutAxis.positions,
        y: costs[side].map(value),
        base: layer.base === undefined ? undefined : costs[side].map((cost) =>
          cost === null ? null : roundSignificant(
            cost[layer.base!],
          )
        ),
        marker: { color: strong ? SIDE_COLOURS[side].strong : SIDE_COLOURS[side].light, line: { width: 0 } },
        customdata: names,
        hovertemplate: `<b>%{customdata}</b><br>${side} ${layer.label}: %{y:.4g} ${layer.unit}<extra></extra>`,
      });
    }
  }
  const layout = baseLayout(title, {
    height: 640,
    barmode: "group",
    bargap: 0.3,
    bargroupgap: 0.08,
    xaxis: { ...layoutAxis.xaxis, anchor: "y2" },
    yaxis: axis({ domain: [0.54, 1], title: { text: "CPU seconds per GiB" }, rangemode: "tozero" }),
    yaxis2: axis({
      domain: [0, 0.44],
      title: { text: "context switches per GiB<br><sup>dark: voluntary · light: involuntary</sup>" },
      rangemode: "tozero",
    }),
    annotations: layoutAxis.annotations,
    shapes: layoutAxis.shapes.map((shape) => ({ ...shape, yref: "paper" })),
    legend: layoutAxis.legend,
    margin: { l: 72, r: 24, t: 72, b: 64 },
  });
  return { name: "cost", title, data, layout };
}
