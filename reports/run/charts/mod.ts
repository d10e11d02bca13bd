/**
 * The charts of a run report, as Plotly figure specs (plain data: no DOM, no Plotly import): the
 * HTML report plots them in the page and `images.ts` exports them to SVG/PNG.
 *
 * @example
 * ```ts
 * const figures = chartsFor(results);
 * console.log(figures.map((figure) => figure.name)); // ["headline", "distribution", "cost", ...]
 * ```
 *
 * @module
 */
import type { Results } from "../../../model/types.ts";
import type { Figure } from "../../page/figure.ts";
import { scenarioOrder } from "../groups.ts";
import { costChart } from "./cost.ts";
import { distributionChart } from "./distribution.ts";
import { headlineChart } from "./headline.ts";
import { hugePagesChart } from "./huge-pages.ts";
import { stealChart } from "./steal.ts";
import { sweepChart } from "./sweep.ts";
import { timelineChart } from "./timeline.ts";
import { waterfallCharts } from "./waterfall.ts";
import { profileCharts } from "./profile.ts";
import { latencyChart } from "./latency.ts";
import { latencyLoadChart } from "./latency-load.ts";
import { isLatencyCase } from "../../../model/latency.ts";

export { costChart, type CostPerGib, costPerGib } from "./cost.ts";
export { distributionChart } from "./distribution.ts";
export { headlineChart } from "./headline.ts";
export { hugePagesChart } from "./huge-pages.ts";
export { stealChart } from "./steal.ts";
export { sweepChart, type SweepDimension, sweepDimension } from "./sweep.ts";
export { timelineChart } from "./timeline.ts";
export { latencyChart, ninesOf } from "./latency.ts";
export { latencyLoadChart, type LoadCurve, loadCurves } from "./latency-load.ts";

/**
 * The charts worth drawing for these results, in report order: headline, one sweep per scenario
 * that sweeps a size, the sample distribution, every sample over time and steal against throughput
 * (when the samples record them), cost per side, and huge pages when any case asked.
 */
export function chartsFor(all: Results): Figure[] {
  if (all.cases.length === 0) return [];
  // Latency cases (issue 18) have their percentile chart; the throughput charts show the others.
  // One-way cases (a `rate`) have the latency/load curve.
  const latencyFigures = [latencyChart(all), latencyLoadChart(all)].filter((figure) => figure !== null);
  const results = { ...all, cases: all.cases.filter((c) => !isLatencyCase(c.params)) };
  if (results.cases.length === 0) return latencyFigures;
  const figures: Figure[] = [headlineChart(results), ...waterfallCharts(results)];
  for (const scenario of scenarioOrder(results)) {
    const sweep = sweepChart(results, scenario);
    if (sweep !== null) figures.push(sweep);
  }
  const hasSamples = results.cases.some((result) => result.samples.length > 0);
  if (hasSamples) {
    figures.push(distributionChart(results));
    for (const figure of [timelineChart(results), stealChart(results)]) if (figure !== null) figures.push(figure);
    figures.push(costChart(results));
  }
  figures.push(...profileCharts(results));
  const hugePages = hugePagesChart(results);
  if (hugePages !== null) figures.push(hugePages);
  figures.push(...latencyFigures);
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
