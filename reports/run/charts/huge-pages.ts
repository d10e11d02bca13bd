/**
 * The huge-pages chart: per side, the huge-page bytes asked for against those obtained, for the
 * cases that asked.
 *
 * @module
 */
import { MIB_BYTES } from "../../../model/sizes.ts";
import type { CaseResult, Results } from "../../../model/types.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, SIDE_COLOURS, withAlpha } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";
import { scenarioOrder } from "../groups.ts";
import { caseAxis, MAX_VALUE_LABELS } from "./case-axis.ts";

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
  const mib = (bytes: number | undefined) => bytes === undefined ? null : roundSignificant(bytes / MIB_BYTES);
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
      customdata: cases.map((result) => escapeHtmlText(result.name)),
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
        escapeHtmlText(result.name),
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
