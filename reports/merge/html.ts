/**
 * The merged `report.html`: the grouped charts, a table of medians per case and machine with the
 * ratio to the first machine, and the machines side by side. Every string is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("report.html", renderMergedHtml(merged));
 * ```
 *
 * @module
 */
import type { Merged } from "../../stats/compare.ts";
import { formatRatio } from "../format/throughput.ts";
import { chartsSectionFor } from "../page/charts-section.ts";
import { attribute, escapeHtml } from "../page/escape.ts";
import { machinesTableHtml } from "../side-by-side/machines.ts";
import { medianCellsHtml, smallSamplesHtml } from "../side-by-side/medians.ts";
import { sideBySidePage } from "../side-by-side/page.ts";
import { mergedFigures } from "./figures.ts";
import { ratioToFirst } from "./ratio.ts";
import { mergedLatencyHtml, throughputCases } from "./latency.ts";

const MERGED_CAPTIONS: Record<string, string> = {
  "merged-headline": "Bars: median throughput of each case on each machine; whiskers: 95% bootstrap confidence " +
    "interval of the median. A missing bar: the case was not measured there.",
  "merged-distribution": "Every measured run per case and machine: box of the quartiles with the samples beside it.",
  "merged-latency-percentiles": "One line per latency case and machine (colour: the machine, dash: the case): the " +
    "round trip at each percentile (median across runs, whiskers its 95% CI), percentiles on a nines axis, time on " +
    "a log axis; lower is better. A percentile the runs have too few round trips for is not drawn.",
};

function mergedTableHtml(all: Merged): string {
  if (all.cases.length === 0) return `<div class="card muted">No case in these results.</div>`;
  const m = throughputCases(all);
  if (m.cases.length === 0) return "";
  const first = m.machines[0];
  const head =
    m.machines.map((machine) => `<th class="num">${escapeHtml(machine.label)}</th><th class="num">95% CI</th>`).join(
      "",
    ) +
    m.machines.slice(1).map((machine) =>
      `<th class="num" title=${attribute(`median on ${machine.label} / median on ${first.label}`)}>${
        escapeHtml(machine.label)
      } ÷ ${escapeHtml(first.label)}</th>`
    ).join("");
  const rows = m.cases.map((c) => {
    const ratios = m.machines.slice(1).map((_, k) => {
      const ratio = ratioToFirst(c, k + 1);
      const why = c.notComparable[k + 1];
      if (why) return `<td class="num muted" title=${attribute(why)}>not comparable</td>`;
      return ratio === null ? `<td class="num muted">—</td>` : `<td class="num">${formatRatio(ratio)}</td>`;
    }).join("");
    return `<tr><td class="case" title=${attribute(c.id)}>${escapeHtml(c.name)}</td>${
      c.perMachine.map(medianCellsHtml).join("")
    }${ratios}</tr>`;
  }).join("\n");
  return `<div class="card table-scroll"><table>
<thead><tr><th>Case</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div>${
    smallSamplesHtml(m.cases.flatMap((c) => c.perMachine.flatMap((s) => s === null ? [] : [s.n])))
  }`;
}

/**
 * Renders the merged `report.html`: the grouped chart, a table of medians per case and machine
 * with the ratio to the first machine, and the machines side by side. Every string is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("report.html", renderMergedHtml(merged));
 * ```
 */
export function renderMergedHtml(m: Merged): string {
  const figures = mergedFigures(m);
  const labels = m.machines.map((machine) => machine.label);
  const header = `<h1><span class="brand">pipespeed</span> · ${m.machines.length} machines</h1>
<p class="subtitle">${labels.map((label) => `<b>${escapeHtml(label)}</b>`).join(" · ")}</p>
<p class="subtitle">${m.cases.length} cases · ratios are to ${
    m.machines.length > 0 ? escapeHtml(m.machines[0].label) : "—"
  }</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#system">Machines</a></nav>`;
  const sections = [
    chartsSectionFor(figures, MERGED_CAPTIONS),
    `<section id="summary"><h2>Summary</h2>${mergedTableHtml(m)}${mergedLatencyHtml(m)}</section>`,
    `<section id="system"><h2>Machines</h2>${machinesTableHtml(m.machines)}</section>`,
  ];
  return sideBySidePage({
    title: `pipespeed · ${labels.join(" · ")}`,
    header,
    sections,
    figures,
    version: m.machines[0]?.system.versions.pipespeed,
  });
}
