/**
 * `compare.html`: the verdicts called out (and what could not be judged, and why), a table per
 * matched case, the two charts, the cases not compared, both machines side by side and the method.
 * Every string is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.html", renderCompareHtml(comparison));
 * ```
 *
 * @module
 */
import type { CaseComparison, Comparison, UnmatchedCase } from "../../stats/compare.ts";
import { formatThreshold } from "../format/percent.ts";
import { chartsSectionFor } from "../page/charts-section.ts";
import { attribute, escapeHtml } from "../page/escape.ts";
import { machinesTableHtml } from "../side-by-side/machines.ts";
import { smallSamplesHtml } from "../side-by-side/medians.ts";
import { medianCellsHtml } from "../side-by-side/medians.ts";
import { sideBySidePage } from "../side-by-side/page.ts";
import { compareFigures } from "./figures.ts";
import { formatMicroseconds } from "../format/latency.ts";
import { hasInterval } from "../../stats/small-samples.ts";
import type { Summary } from "../../model/types.ts";
import {
  changeOf,
  comparedName,
  comparedText,
  countsText,
  DIFFERS_MARK,
  hostSentence,
  LATENCY_COMPARE_NOTE,
  markedName,
  noChangeSentence,
  pValueOf,
  shownSummary,
  splitByMeasure,
  unjudgedCases,
  unjudgedSentence,
  VERDICT_LABELS,
} from "./verdicts.ts";

const COMPARE_CAPTIONS: Record<string, string> = {
  "compare-ratio": "Each marker: median of the current run divided by the median of the base run, with the 95% " +
    "bootstrap confidence interval of that ratio. Dashed line: no change; shaded band: within the threshold. " +
    "Red: slower, green: faster (beyond the threshold and significant), grey: unchanged, amber: inconclusive (too " +
    "few samples for any change to be significant), purple: not comparable (the case parameters, or the kernel's semantics a case depends on, differ). No " +
    "interval is drawn when both sides have a single sample. A latency case has a marker per figure (· p50, · p99): " +
    "the ratio of its latencies, so above 1 is slower; none for a figure not resolved (a run timed too few round " +
    "trips for it).",
  "compare-distributions": "Every sample of both runs per case: box of the quartiles with the samples beside it.",
  "compare-latency-distributions": "Every run's figure (p50, p99, µs) of both runs per latency case: box of the " +
    "quartiles with the samples beside it. Lower is better. A side's figure its runs timed too few round trips for " +
    "is left out (it is their maximum).",
};

function verdictHtml(item: CaseComparison): string {
  const title = item.reason === null ? "" : ` title=${attribute(item.reason)}`;
  return `<span class="verdict ${item.verdict}"${title}>${VERDICT_LABELS[item.verdict]}</span>`;
}

/** A latency figure's median (µs) and its interval across runs, as two cells ("—" when not resolved). */
function latencyCellsHtml(summary: Summary | null): string {
  if (summary === null) {
    return `<td class="num" title="too few round trips per run for this percentile">—</td><td class="num ci">—</td>`;
  }
  const interval = hasInterval(summary.n)
    ? `${formatMicroseconds(summary.ci95Low)}–${formatMicroseconds(summary.ci95High)}`
    : "—";
  return `<td class="num"><b>${formatMicroseconds(summary.median)}</b></td>` +
    `<td class="num ci" title=${attribute(`95% CI of the median, µs (n = ${summary.n})`)}>${interval}</td>`;
}

function compareRow(item: CaseComparison): string {
  const mark = item.paramDifferences.length > 0
    ? ` <span class="badge" title=${attribute(item.reason ?? "")}>${DIFFERS_MARK}</span>`
    : "";
  const cells = item.latencyFigure === undefined
    ? medianCellsHtml(item.base) + medianCellsHtml(item.current)
    : latencyCellsHtml(shownSummary(item, "base")) + latencyCellsHtml(shownSummary(item, "current"));
  return `<tr><td class="case" title=${attribute(item.id)}>${escapeHtml(comparedName(item))}${mark}</td>` +
    cells +
    `<td class="num">${escapeHtml(changeOf(item))}</td>` +
    `<td class="num">${pValueOf(item)}</td><td>${verdictHtml(item)}</td></tr>`;
}

function unmatchedHtml(title: string, cases: UnmatchedCase[]): string {
  const items = cases.length === 0
    ? `<li class="none">None.</li>`
    : cases.map((c) =>
      `<li><b>${escapeHtml(c.name)}</b> <span class="muted">(${escapeHtml(c.id)}: ${escapeHtml(c.reason)})</span></li>`
    ).join("\n");
  return `<div class="card"><h3>${escapeHtml(title)} (${cases.length})</h3><ul class="warnings">${items}</ul></div>`;
}

function calloutsHtml(c: Comparison): string {
  const list = (cases: CaseComparison[]) =>
    cases.map((item) => `<b>${escapeHtml(comparedName(item))}</b> ${escapeHtml(changeOf(item))}`).join(", ");
  const slower = c.cases.filter((item) => item.verdict === "slower");
  const faster = c.cases.filter((item) => item.verdict === "faster");
  const parts: string[] = [];
  if (slower.length > 0) {
    parts.push(
      `<div class="callout bad">${slower.length} regression${slower.length === 1 ? "" : "s"}: ${list(slower)}</div>`,
    );
  }
  if (faster.length > 0) {
    parts.push(
      `<div class="callout good">${faster.length} improvement${faster.length === 1 ? "" : "s"}: ${list(faster)}</div>`,
    );
  }
  const unjudged = unjudgedSentence(c);
  if (unjudged !== null) parts.push(`<div class="callout unjudged">${escapeHtml(unjudged)}</div>`);
  const host = hostSentence(c);
  if (host !== null) parts.push(`<div class="card muted">${escapeHtml(host)}</div>`);
  const unchanged = noChangeSentence(c);
  if (unchanged !== null) parts.push(`<div class="card muted">${escapeHtml(unchanged)}</div>`);
  return parts.join("\n");
}

function notJudgedHtml(c: Comparison): string {
  const items = unjudgedCases(c).map((item) =>
    `<li><b>${escapeHtml(markedName(item))}</b> ${verdictHtml(item)} ${escapeHtml(item.reason ?? "")}</li>`
  );
  return items.length === 0
    ? ""
    : `<div class="card"><h3>Not judged (${items.length})</h3><ul class="warnings">${items.join("\n")}</ul></div>`;
}

/**
 * Renders `compare.html`: the verdicts, a table per matched case, the two charts, the unmatched
 * cases, both machines side by side and the threshold and alpha used. Every string is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.html", renderCompareHtml(comparison));
 * ```
 */
export function renderCompareHtml(c: Comparison): string {
  const figures = compareFigures(c);
  const title = `${c.base.label} → ${c.current.label}`;
  const header =
    `<h1><span class="brand">pipespeed</span> · ${escapeHtml(c.base.label)} → ${escapeHtml(c.current.label)}</h1>
<p class="subtitle">Base <code>${escapeHtml(c.base.runId)}</code> (${escapeHtml(c.base.file)}) · current <code>${
      escapeHtml(c.current.runId)
    }</code> (${escapeHtml(c.current.file)})</p>
<p class="subtitle">${comparedText(c)} · threshold ${formatThreshold(c.threshold)} · alpha ${c.alpha}${
      c.familyWise ? " over all cases (Holm)" : ""
    }${c.cases.length > 0 ? ` · ${escapeHtml(countsText(c))}` : ""}</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#unmatched">Unmatched</a>` +
    `<a href="#system">Machines</a><a href="#method">Method</a></nav>`;
  const { throughput, latency } = splitByMeasure(c);
  const tableOf = (items: CaseComparison[], unit: string) =>
    `<div class="card table-scroll"><table>
<thead><tr><th>Case</th><th class="num">Base${unit}</th><th class="num">95% CI</th>` +
    `<th class="num">Current${unit}</th><th class="num">95% CI</th>` +
    `<th class="num" title="median change with the 95% bootstrap CI of the ratio">Change (95% CI)</th>` +
    `<th class="num" title="two-sided Mann–Whitney U">p</th><th>Verdict</th></tr></thead>
<tbody>
${items.map(compareRow).join("\n")}
</tbody></table></div>`;
  const latencyTable = latency.length === 0
    ? ""
    : `<h3>Latency (lower is better)</h3>${tableOf(latency, "")}<p class="note muted">${
      escapeHtml(LATENCY_COMPARE_NOTE)
    }</p>`;
  const table = c.cases.length === 0
    ? `<div class="card muted">No case was measured in both runs.</div>`
    : `${throughput.length === 0 ? "" : tableOf(throughput, " GiB/s")}${latencyTable}${
      smallSamplesHtml(c.cases.flatMap((item) => [item.base.n, item.current.n]))
    }`;
  const sections = [
    `<section id="summary"><h2>Summary</h2>${calloutsHtml(c)}\n${table}${notJudgedHtml(c)}</section>`,
    chartsSectionFor(figures, COMPARE_CAPTIONS),
    `<section id="unmatched"><h2>Cases not compared</h2><div class="grid-2">
${unmatchedHtml(`Only in base (${c.base.label})`, c.onlyInBase)}
${unmatchedHtml(`Only in current (${c.current.label})`, c.onlyInCurrent)}
</div></section>`,
    `<section id="system"><h2>Machines</h2>${machinesTableHtml([c.base, c.current])}</section>`,
    `<section id="method"><h2>Method</h2><div class="card"><p>Cases are matched by id. A case is <b>slower</b> or ` +
    `<b>faster</b> only when the ratio of medians is beyond the threshold (${formatThreshold(c.threshold)}) ` +
    `<b>and</b> the two-sided Mann–Whitney U p-value is below alpha (${c.alpha}); otherwise it is unchanged. ` +
    `A case is <b>inconclusive</b> when its sample sizes cannot give any p-value below alpha (the smallest ` +
    `possible two-sided p is 2 / C(n1 + n2, n1): 1 against 5 samples cannot go below 0.33), and <b>not ` +
    `comparable</b> (marked ${DIFFERS_MARK}) when the runs measured different case parameters (run counts aside). ` +
    `The interval of the change is the 95% bootstrap confidence interval of the ratio of medians.${
      latency.length === 0
        ? ""
        : " A latency case is judged on its p50 and its p99 (each run's figure, µs), each one comparison: " +
          "lower is better, so a ratio above 1 + threshold is slower. A figure is <b>not resolved</b> when a " +
          "side's runs timed too few round trips for it (p99 needs 100, p99.9 1000: with fewer it is the " +
          "runs' maximum, — as in a run's table): it gets no verdict on its change, and is no test of the family."
    }</p></div></section>`,
  ];
  return sideBySidePage({
    title: `pipespeed · ${title}`,
    header,
    sections,
    figures,
    version: c.current.system.versions.pipespeed,
  });
}
