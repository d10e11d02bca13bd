/**
 * The latency/load curve of a run's one-way latency cases (issue 18 item 2, `rate`: open loop):
 * per curve — the cases alike in everything but their rate, usually one `matrix` over `rate` — the
 * p50 and the p99 of arrival − intended send time (each the median across the case's runs, with its
 * 95% interval as whiskers) against the offered load, messages per second, both axes log. Where
 * the pipe saturates the curve turns up: queueing, which a closed loop would have hidden.
 *
 * @module
 */
import { isOneWayCase } from "../../../model/latency.ts";
import type { CaseResult, Results } from "../../../model/types.ts";
import { median } from "../../../stats/descriptive.ts";
import { roundSignificant } from "../../format/numbers.ts";
import { axis, baseLayout, colourAt } from "../../page/chart-theme.ts";
import { escapeHtmlText } from "../../page/escape.ts";
import type { Figure } from "../../page/figure.ts";

/** One curve: the one-way cases of a scenario alike in every field but `rate` (and their message counts). */
export interface LoadCurve {
  /** The legend's name: the scenario, and the first case's name without its rate. */
  name: string;
  /** Its cases, by rate. */
  cases: CaseResult[];
}

/** What sets a curve apart: every field except the rate and the counts that vary with it. */
function curveKey(c: CaseResult): string {
  const { rate: _rate, messages: _messages, repetitions: _repetitions, ...rest } = c.params;
  return `${c.scenario}\u0000${JSON.stringify(rest)}`;
}

/** A case's name without the `rate …/s` the matrix naming gave it. */
function curveName(c: CaseResult): string {
  const name = c.name.replace(/[\s,·]*rate \d+\/s/, "").trim();
  return name === "" ? c.scenario : name;
}

/** The one-way cases with statistics, as curves in first-seen order, each by rate. */
export function loadCurves(results: Results): LoadCurve[] {
  const curves = new Map<string, LoadCurve>();
  for (const c of results.cases) {
    if (!isOneWayCase(c.params) || c.stats?.latencyMicroseconds === undefined) continue;
    const key = curveKey(c);
    const curve = curves.get(key) ?? { name: curveName(c), cases: [] };
    curve.cases.push(c);
    curves.set(key, curve);
  }
  for (const curve of curves.values()) curve.cases.sort((a, b) => a.params.rate! - b.params.rate!);
  return [...curves.values()];
}

/** The median across runs of the messages per second that arrived, or `null` (older files). */
function deliveredRate(c: CaseResult): number | null {
  const rates = c.samples.flatMap((s) => s.latency?.deliveredRate === undefined ? [] : [s.latency.deliveredRate]);
  return rates.length === 0 ? null : median(rates);
}

/** The latency/load chart, or `null` when no case measured one-way latency. */
export function latencyLoadChart(results: Results): Figure | null {
  const curves = loadCurves(results);
  if (curves.length === 0) return null;
  const title = "One-way latency against offered load";
  const data = curves.flatMap((curve, index) =>
    (["p50", "p99"] as const).map((figure) => {
      const summaries = curve.cases.map((c) => c.stats!.latencyMicroseconds![figure]);
      return {
        type: "scatter",
        mode: "lines+markers",
        name: escapeHtmlText(`${curve.name} ${figure}`),
        x: curve.cases.map((c) => c.params.rate),
        y: summaries.map((s) => roundSignificant(s.median)),
        line: { color: colourAt(index), width: 2, dash: figure === "p50" ? "solid" : "dash" },
        marker: { size: 6, symbol: figure === "p50" ? "circle" : "diamond" },
        error_y: {
          type: "data",
          symmetric: false,
          array: summaries.map((s) => s.n >= 2 ? roundSignificant(s.ci95High - s.median) : null),
          arrayminus: summaries.map((s) => s.n >= 2 ? roundSignificant(s.median - s.ci95Low) : null),
          thickness: 1,
          width: 3,
        },
        customdata: curve.cases.map((c, k) => {
          const delivered = deliveredRate(c);
          return [
            escapeHtmlText(c.name),
            delivered === null ? "—" : roundSignificant(delivered),
            summaries[k].n,
          ];
        }),
        hovertemplate: `<b>%{customdata[0]}</b><br>offered %{x} messages/s, delivered %{customdata[1]}/s<br>` +
          `${figure}: %{y} µs (n = %{customdata[2]})<extra></extra>`,
      };
    })
  );
  const layout = baseLayout(title, {
    xaxis: axis({ title: { text: "offered load, messages per second" }, type: "log" }),
    yaxis: axis({ title: { text: "arrival − intended send time, µs (median of runs, 95% CI)" }, type: "log" }),
    legend: { orientation: "v" },
  });
  return { name: "latency-load", title, data, layout };
}
