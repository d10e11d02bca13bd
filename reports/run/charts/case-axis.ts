/**
 * The x axis the run charts share: one slot per case in results order, a one-slot gap between
 * scenarios, tick labels with the case names (hidden beyond 80 cases), the scenario names above
 * their groups and alternate shading behind them. Case names never have to be unique.
 *
 * @module
 */
import type { CaseResult } from "../../../model/types.ts";
import { axis } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";

/** Above this many cases, tick labels are hidden (hover shows names). */
const MAX_LABELLED_CASES = 80;
/** Above this many bars, values are not printed on them (too small to read; hover shows them). */
export const MAX_VALUE_LABELS = 20;

/** Where each case sits on the shared case axis, and how the axis is labelled. */
export interface CaseAxis {
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
export function caseAxis(cases: CaseResult[], scenarioNames: string[]): CaseAxis {
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
        text: `<b>${escapeHtmlText(name)}</b>`,
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
    ticktext: labelled ? cases.map((result) => escapeHtmlText(result.name)) : [],
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
