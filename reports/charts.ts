/**
 * Plotly figure specs built from results, as plain data: no DOM, no Plotly import. The HTML
 * report plots them in the page and `images.ts` exports them to SVG/PNG.
 *
 * Charts that show one mark per case share a numeric x axis (one slot per case, a gap between
 * scenarios, tick labels with the case names), so case names never have to be unique.
 *
 * @example
 * ```ts
 * const figures = chartsFor(results);
 * console.log(figures.map((figure) => figure.name)); // ["headline", "distribution", "cost", ...]
 * ```
 *
 * @module
 */
import type { CaseParams, CaseResult, Results, SideReport } from "../model/types.ts";
import {
  BYTES_PER_GIB,
  escapePlotlyText,
  formatBytes,
  modeLabel,
  roundSignificant,
  scenarioOrder,
  slug,
} from "./format.ts";

/** One Plotly figure: `data` and `layout` as passed to `Plotly.newPlot`, plus a file-safe name. */
export interface Figure {
  /** File-safe name, unique within a report: `headline`, `sweep-buffer-sweep`... */
  name: string;
  /** Human title (also in `layout.title`). */
  title: string;
  /** Plotly traces. */
  data: unknown[];
  /** Plotly layout. */
  layout: Record<string, unknown>;
}

/** The font stack of every chart: the system UI font. */
export const CHART_FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** Colours for scenarios and modes (Tableau 10, colour-blind friendly enough, prints well). */
export const PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

const SIDE_COLOURS = {
  writer: { strong: "#4e79a7", light: "#a0cbe8" },
  reader: { strong: "#f28e2b", light: "#ffbe7d" },
} as const;
const INK = "#1f2937";
const GRID = "#e5e7eb";
const OUTLIER = "#d62728";
/** Above this many cases, tick labels are hidden (hover shows names). */
const MAX_LABELLED_CASES = 80;
/** Above this many bars, values are not printed on them (too small to read; hover shows them). */
const MAX_VALUE_LABELS = 20;

/** `#rrggbb` → `rgba(r,g,b,alpha)`. */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${value >> 16},${(value >> 8) & 255},${value & 255},${alpha})`;
}

function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}

export function axis(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    gridcolor: GRID,
    zerolinecolor: "#d1d5db",
    linecolor: "#9ca3af",
    ticks: "outside",
    tickcolor: "#9ca3af",
    automargin: true,
    ...extra,
  };
}

/** An x axis of cases in the given order (labels escaped for Plotly). */
export function categoryAxis(labels: string[]): Record<string, unknown> {
  return axis({
    type: "category",
    categoryorder: "array",
    categoryarray: labels.map(escapePlotlyText),
    showgrid: false,
  });
}

export function baseLayout(title: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    title: { text: escapePlotlyText(title), x: 0.01, xanchor: "left", font: { size: 17 } },
    font: { family: CHART_FONT, size: 13, color: INK },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 72, r: 24, t: 64, b: 64 },
    hoverlabel: { font: { family: CHART_FONT } },
    legend: { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", bgcolor: "rgba(255,255,255,0)" },
    height: 480,
    ...extra,
  };
}

/** Where each case sits on the shared case axis, and how the axis is labelled. */
interface CaseAxis {
  /** x position of each case, in results order. */
  positions: number[];
  /** The x axis layout. */
  xaxis: Record<string, unknown>;
  /** Scenario names above their group (several scenarios only). */
  annotations: Record<string, unknown>[];
  /** Alternate shading behind scenario groups (several scenarios only). */
  shapes: Record<string, unknown>[];
  /** Scenario names, in order. */
  scenarios: string[];
  /** Legend placement: above the plot, or at the right when scenario names take the top. */
  legend: Record<string, unknown>;
}

/** Lays the cases out on a numeric axis: one slot each, a one-slot gap between scenarios. */
function caseAxis(cases: CaseResult[], scenarioNames: string[]): CaseAxis {
  const positions: number[] = [];
  const spans = new Map<string, { first: number; last: number }>();
  let position = 0;
  let previous: string | null = null;
  for (const result of cases) {
    if (previous !== null && result.scenario !== previous) position++;
    positions.push(position);
    const span = spans.get(result.scenario);
    if (span) span.last = position;
    else spans.set(result.scenario, { first: position, last: position });
    previous = result.scenario;
    position++;
  }
  const scenarios = scenarioNames.filter((name) => spans.has(name));
  const several = scenarios.length > 1;
  const labelled = cases.length <= MAX_LABELLED_CASES;
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  if (several) {
    scenarios.forEach((name, index) => {
      const span = spans.get(name)!;
      annotations.push({
        text: `<b>${escapePlotlyText(name)}</b>`,
        x: (span.first + span.last) / 2,
        xref: "x",
        y: 1,
        yref: "paper",
        yanchor: "bottom",
        showarrow: false,
        font: { size: 12, color: "#4b5563" },
      });
      if (index % 2 === 1) {
        shapes.push({
          type: "rect",
          xref: "x",
          yref: "paper",
          x0: span.first - 0.5,
          x1: span.last + 0.5,
          y0: 0,
          y1: 1,
          fillcolor: "rgba(107,114,128,0.07)",
          line: { width: 0 },
          layer: "below",
        });
      }
    });
  }
  const xaxis = axis({
    tickmode: "array",
    tickvals: labelled ? positions : [],
    ticktext: labelled ? cases.map((result) => escapePlotlyText(result.name)) : [],
    showgrid: false,
    zeroline: false,
    range: [-0.6, Math.max(position - 1, 0) + 0.6],
    title: labelled ? undefined : { text: `${cases.length} cases (hover for names)` },
  });
  const legend = several
    ? { orientation: "v", x: 1.01, xanchor: "left", y: 1, yanchor: "top" }
    : { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom" };
  return { positions, xaxis, annotations, shapes, scenarios, legend };
}

function sampleCount(result: CaseResult): number {
  return result.samples.length;
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
      name: escapePlotlyText(scenario),
      showlegend: false,
      x: indices.map((i) => layoutAxis.positions[i]),
      y: indices.map((_, k) => median(k)),
      marker: { color: colourAt(index), line: { width: 0 } },
      width: 0.7,
      error_y: {
        type: "data",
        symmetric: false,
        array: stats.map((summary) => summary === null ? null : roundSignificant(summary.ci95High - summary.median)),
        arrayminus: stats.map((summary) =>
          summary === null ? null : roundSignificant(summary.median - summary.ci95Low)
        ),
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
        escapePlotlyText(results.cases[i].name),
        stats[k] === null ? null : roundSignificant(stats[k]!.ci95Low),
        stats[k] === null ? null : roundSignificant(stats[k]!.ci95High),
        stats[k] === null ? null : roundSignificant(stats[k]!.cv * 100, 3),
        sampleCount(results.cases[i]),
      ]),
      hovertemplate: "<b>%{customdata[0]}</b><br>median %{y:.3f} GiB/s<br>" +
        "95% CI %{customdata[1]:.3f} – %{customdata[2]:.3f}<br>CV %{customdata[3]:.1f}%<br>" +
        "n = %{customdata[4]}<extra></extra>",
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

/** The size a sweep varies along. */
export type SweepDimension = "bufferSize" | "pipeSize";

function distinctSizes(cases: CaseResult[], dimension: SweepDimension): number[] {
  const sizes = new Set<number>();
  for (const result of cases) {
    const size = result.params[dimension];
    if (size !== null) sizes.add(size);
  }
  return [...sizes].sort((a, b) => a - b);
}

/**
 * The size a scenario's cases sweep over: `bufferSize` or `pipeSize`, whichever takes at least
 * three distinct values (the one with more values when both do), else `null`.
 */
export function sweepDimension(cases: CaseResult[]): SweepDimension | null {
  const buffers = distinctSizes(cases, "bufferSize").length;
  const pipes = distinctSizes(cases, "pipeSize").length;
  if (buffers < 3 && pipes < 3) return null;
  return buffers >= pipes ? "bufferSize" : "pipeSize";
}

/** Parameters that do not change how data moves (excluded when grouping cases into modes). */
const RUN_CONTROL: (keyof CaseParams)[] = ["bytes", "duration", "repetitions", "warmup", "verify", "cpus"];

/** Groups cases that differ only in the swept size (and run control) into labelled modes. */
function sweepModes(cases: CaseResult[], dimension: SweepDimension): { label: string; cases: CaseResult[] }[] {
  const other: SweepDimension = dimension === "bufferSize" ? "pipeSize" : "bufferSize";
  const otherVaries = new Set(cases.map((result) => result.params[other])).size > 1;
  const groups = new Map<string, CaseResult[]>();
  for (const result of cases) {
    if (result.params[dimension] === null) continue;
    const key = JSON.stringify(
      Object.entries(result.params).filter(([name]) =>
        name !== dimension && !RUN_CONTROL.includes(name as keyof CaseParams)
      ),
    );
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  const seen = new Map<string, number>();
  const labels = [...groups.values()].map((group) => modeLabel(group[0].params).split(" "));
  // Flags every mode shares say nothing to tell the lines apart: drop them when there are several.
  const common = labels.length < 2 ? [] : labels[0].slice(1).filter((word) => labels.every((l) => l.includes(word)));
  return [...groups.values()].map((group, index) => {
    const params = group[0].params;
    let label = labels[index].filter((word) => !common.includes(word)).join(" ");
    if (otherVaries) {
      const size = params[other];
      label += other === "pipeSize"
        ? ` pipe ${size === null ? "default" : formatBytes(size)}`
        : ` buf ${formatBytes(size!)}`;
    }
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    if (count > 1) label += ` #${count}`;
    return { label, cases: [...group].sort((a, b) => a.params[dimension]! - b.params[dimension]!) };
  });
}

/** Powers of two covering `[min, max]`, thinned to at most 12 ticks. */
function powerOfTwoTicks(sizes: number[]): number[] {
  const low = Math.floor(Math.log2(sizes[0]));
  const high = Math.ceil(Math.log2(sizes[sizes.length - 1]));
  const step = Math.ceil((high - low + 1) / 12);
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent += step) ticks.push(2 ** exponent);
  return ticks;
}

/**
 * Throughput against a swept size for one scenario: x = the size on a log2 axis (ticks at
 * powers of two, labelled `4KiB`…`8MiB`), one line per mode with its 95% CI as a band.
 * Returns `null` when the scenario does not sweep a size over at least three values.
 */
export function sweepChart(results: Results, scenario: string): Figure | null {
  const cases = results.cases.filter((result) => result.scenario === scenario);
  const dimension = sweepDimension(cases);
  if (dimension === null) return null;
  const sizeName = dimension === "bufferSize" ? "buffer size" : "pipe size";
  const title = `${scenario}: throughput by ${sizeName}`;
  const data: unknown[] = [];
  const modes = sweepModes(cases, dimension);
  modes.forEach((mode, index) => {
    const colour = colourAt(index);
    const measured = mode.cases.filter((result) => result.stats !== null);
    const x = measured.map((result) => result.params[dimension]!);
    const summaries = measured.map((result) => result.stats!.throughputGibPerSecond);
    const group = `mode-${index}`;
    const band = { type: "scatter", mode: "lines", x, legendgroup: group, showlegend: false, hoverinfo: "skip" };
    data.push({ ...band, name: "", y: summaries.map((s) => roundSignificant(s.ci95High)), line: { width: 0 } });
    data.push({
      ...band,
      name: "",
      y: summaries.map((s) => roundSignificant(s.ci95Low)),
      line: { width: 0 },
      fill: "tonexty",
      fillcolor: withAlpha(colour, 0.18),
    });
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: escapePlotlyText(mode.label),
      legendgroup: group,
      x,
      y: summaries.map((s) => roundSignificant(s.median)),
      line: { color: colour, width: 2.5 },
      marker: { color: colour, size: 7 },
      customdata: measured.map((result, k) => [
        formatBytes(x[k]),
        roundSignificant(summaries[k].ci95Low),
        roundSignificant(summaries[k].ci95High),
        escapePlotlyText(result.name),
      ]),
      hovertemplate: `<b>%{fullData.name}</b><br>${sizeName} %{customdata[0]}<br>median %{y:.3f} GiB/s<br>` +
        "95% CI %{customdata[1]:.3f} – %{customdata[2]:.3f}<br>%{customdata[3]}<extra></extra>",
    });
  });
  const ticks = powerOfTwoTicks(distinctSizes(cases, dimension));
  const layout = baseLayout(title, {
    xaxis: axis({
      type: "log",
      title: { text: `${sizeName} (log₂ scale)` },
      tickmode: "array",
      tickvals: ticks,
      ticktext: ticks.map(formatBytes),
      showgrid: true,
    }),
    yaxis: axis({ title: { text: "GiB/s (median, 95% CI band)" }, rangemode: "tozero" }),
    hovermode: "closest",
    // A long legend above the plot would run into the title: beyond four modes it goes to the right.
    ...(modes.length > 4 ? { legend: { orientation: "v", x: 1.01, xanchor: "left", y: 1, yanchor: "top" } } : {}),
  });
  return { name: `sweep-${slug(scenario)}`, title, data, layout };
}

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
        const info = [escapePlotlyText(result.name), sample.run, sample.repetition];
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
      name: escapePlotlyText(scenario),
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
  const positive = sampleY.filter((value) => value > 0);
  const low = positive.length > 0 ? Math.min(...positive) : 0;
  const high = positive.length > 0 ? Math.max(...positive) : 0;
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
  const gib = bytes / BYTES_PER_GIB;
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
  const names = results.cases.map((result) => escapePlotlyText(result.name));
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

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Huge-page bytes one side asked for and obtained (medians over samples), or `null`. */
function hugePagesOf(result: CaseResult, side: "writer" | "reader"): { requested: number; backed: number } | null {
  const reports = result.samples.flatMap((sample) => sample[side] === null ? [] : [sample[side]!.hugePages]);
  if (reports.length === 0) return null;
  return {
    requested: medianOf(reports.map((report) => report.requestedBytes)),
    backed: medianOf(reports.map((report) => report.backedBytes)),
  };
}

/**
 * Huge pages obtained against asked, per side, for the cases that asked (medians over samples,
 * MiB): the outlined bar is what was asked, the filled bar what smaps showed backed by huge pages.
 * Returns `null` when no case asked for huge pages.
 */
export function hugePagesChart(results: Results): Figure | null {
  const cases = results.cases.filter((result) => result.params.hugePages);
  if (cases.length === 0) return null;
  const title = "Huge pages obtained vs asked";
  const layoutAxis = caseAxis(cases, scenarioOrder(results));
  const data: unknown[] = [];
  const mib = (bytes: number | undefined) => bytes === undefined ? null : roundSignificant(bytes / 1024 ** 2);
  for (const side of ["writer", "reader"] as const) {
    // A side that asked nothing (splice has no buffer, an external writer reports nothing): no bar.
    const pages = cases.map((result) => {
      const page = hugePagesOf(result, side);
      return page === null || page.requested === 0 ? null : page;
    });
    const colour = SIDE_COLOURS[side].strong;
    data.push({
      type: "bar",
      name: `${side} asked`,
      offsetgroup: side,
      x: layoutAxis.positions,
      y: pages.map((page) => mib(page?.requested)),
      marker: { color: withAlpha(colour, 0.08), line: { color: colour, width: 1.5 } },
      customdata: cases.map((result) => escapePlotlyText(result.name)),
      hovertemplate: `<b>%{customdata}</b><br>${side} asked %{y:.3g} MiB<extra></extra>`,
    });
    data.push({
      type: "bar",
      name: `${side} obtained`,
      offsetgroup: side,
      x: layoutAxis.positions,
      y: pages.map((page) => mib(page?.backed)),
      marker: { color: colour, line: { width: 0 } },
      customdata: cases.map((result, k) => [
        escapePlotlyText(result.name),
        pages[k] === null ? null : roundSignificant((pages[k]!.backed / pages[k]!.requested) * 100, 3),
      ]),
      texttemplate: "%{customdata[1]:.0f}%",
      textposition: cases.length > MAX_VALUE_LABELS / 2 ? "none" : "outside",
      textfont: { size: 11 },
      cliponaxis: false,
      hovertemplate: `<b>%{customdata[0]}</b><br>${side} obtained %{y:.3g} MiB (%{customdata[1]:.0f}%)<extra></extra>`,
    });
  }
  const layout = baseLayout(title, {
    height: 420,
    barmode: "group",
    bargap: 0.3,
    xaxis: layoutAxis.xaxis,
    yaxis: axis({ title: { text: "MiB (median over samples)" }, rangemode: "tozero" }),
    annotations: layoutAxis.annotations,
    shapes: layoutAxis.shapes,
    legend: layoutAxis.legend,
  });
  return { name: "huge-pages", title, data, layout };
}

/**
 * The charts worth drawing for these results, in report order: headline, one sweep per scenario
 * that sweeps a size, the sample distribution, cost per side, and huge pages when any case asked.
 */
export function chartsFor(results: Results): Figure[] {
  if (results.cases.length === 0) return [];
  const figures: Figure[] = [headlineChart(results)];
  for (const scenario of scenarioOrder(results)) {
    const sweep = sweepChart(results, scenario);
    if (sweep !== null) figures.push(sweep);
  }
  const hasSamples = results.cases.some((result) => result.samples.length > 0);
  if (hasSamples) figures.push(distributionChart(results), costChart(results));
  const hugePages = hugePagesChart(results);
  if (hugePages !== null) figures.push(hugePages);
  return uniqueNames(figures);
}

/** Suffixes `-2`, `-3`... onto names that would collide (two scenarios slugging alike). */
function uniqueNames(figures: Figure[]): Figure[] {
  const seen = new Set<string>();
  return figures.map((figure) => {
    let name = figure.name;
    for (let n = 2; seen.has(name); n++) name = `${figure.name}-${n}`;
    seen.add(name);
    return name === figure.name ? figure : { ...figure, name };
  });
}

/**
 * A box trace with every sample shown, one box per case: `samplesPerCase[i]` are the GiB/s of
 * `caseLabels[i]`. Used wherever runs or machines are drawn side by side.
 */
export function sampleBoxTrace(
  name: string,
  caseLabels: readonly string[],
  samplesPerCase: readonly (readonly number[])[],
  colour: string,
): Record<string, unknown> {
  const x: string[] = [];
  const y: number[] = [];
  samplesPerCase.forEach((values, i) => {
    for (const value of values) {
      x.push(escapePlotlyText(caseLabels[i]));
      y.push(roundSignificant(value));
    }
  });
  return {
    type: "box",
    name: escapePlotlyText(name),
    x,
    y,
    boxpoints: "all",
    jitter: 0.35,
    pointpos: 0,
    fillcolor: withAlpha(colour, 0.18),
    line: { color: colour, width: 1.5 },
    marker: { color: colour, size: 5, opacity: 0.85 },
    hovertemplate: "%{x}<br>%{y:.3f} GiB/s<extra>%{fullData.name}</extra>",
  };
}
