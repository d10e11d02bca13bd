/**
 * The sweep chart of a scenario: throughput against the size its cases sweep (buffer or pipe),
 * on a log2 axis, one line per mode with its 95% CI as a band.
 *
 * @module
 */
import type { CaseParams, CaseResult, Results } from "../../../model/types.ts";
import { formatBytes } from "../../format/bytes.ts";
import { modeLabel } from "../../format/labels.ts";
import { slug } from "../../format/names.ts";
import { intervalHover } from "../../format/interval.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt, withAlpha } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";

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
      name: escapeHtmlText(mode.label),
      legendgroup: group,
      x,
      y: summaries.map((s) => roundSignificant(s.median)),
      line: { color: colour, width: 2.5 },
      marker: { color: colour, size: 7 },
      customdata: measured.map((result, k) => [
        formatBytes(x[k]),
        intervalHover(summaries[k]),
        escapeHtmlText(result.name),
      ]),
      hovertemplate: `<b>%{fullData.name}</b><br>${sizeName} %{customdata[0]}<br>median %{y:.3f} GiB/s<br>` +
        "%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
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
