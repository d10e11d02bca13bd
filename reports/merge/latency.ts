/**
 * The latency cases of a merge (issue 18): per case and machine, the median p50 and p99 round trip
 * (µs, with their 95% interval across the runs) and the p99 of each machine over the first's. Lower
 * is better. Latency cases stay out of the merge's throughput table and charts.
 *
 * @module
 */
import type { Merged, MergedCase } from "../../stats/compare.ts";
import type { Summary } from "../../model/types.ts";
import { formatLatencySummary } from "../format/latency.ts";
import { formatRatio } from "../format/throughput.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { attribute, escapeHtml } from "../page/escape.ts";

/** Said under the latency table of a merge. */
export const MERGED_LATENCY_NOTE = "latency: each figure the median of the runs' round trips (µs) with its 95% " +
  "interval; p99 ratio: this machine's p99 over the first machine's (above 1: slower). Lower is better. —: not " +
  "measured there, or a run timed too few round trips for the percentile (p99: 100).";

/** The merge's latency cases. */
export function latencyCases(m: Merged): MergedCase[] {
  return m.cases.filter((c) => c.latency !== undefined);
}

/** The merge's throughput cases (the rest). */
export function throughputCases(m: Merged): Merged {
  return { ...m, cases: m.cases.filter((c) => c.latency === undefined) };
}

/**
 * A figure on machine `index`, or `null` where it was not measured or its runs timed too few
 * round trips for it (it would be their maximum: "—", as in a run's table).
 */
function figureOn(c: MergedCase, figure: "p50" | "p99", index: number): Summary | null {
  const latency = c.latency!;
  return latency.resolved[figure][index] ? latency[figure][index] : null;
}

function cell(summary: Summary | null): string {
  return summary === null ? "—" : formatLatencySummary(summary);
}

/** p99 on machine `index` over p99 on the first machine, or `null`. */
function p99Ratio(c: MergedCase, index: number): number | null {
  const first = figureOn(c, "p99", 0);
  const other = figureOn(c, "p99", index);
  return first === null || other === null || first.median === 0 ? null : other.median / first.median;
}

function rowTexts(m: Merged, c: MergedCase): string[] {
  return [
    ...m.machines.flatMap((_, i) => [cell(figureOn(c, "p50", i)), cell(figureOn(c, "p99", i))]),
    ...m.machines.slice(1).map((_, k) => {
      if (c.notComparable[k + 1]) return "not comparable";
      const ratio = p99Ratio(c, k + 1);
      return ratio === null ? "—" : formatRatio(ratio);
    }),
  ];
}

function headings(m: Merged): string[] {
  const labels = m.machines.map((machine) => machine.label);
  return [
    ...labels.flatMap((label) => [`${label} p50`, `${label} p99`]),
    ...labels.slice(1).map((label) => `${label} ÷ ${labels[0]} (p99)`),
  ];
}

/** The latency table as Markdown lines under a heading, or none without a latency case. */
export function mergedLatencyMarkdown(m: Merged): string[] {
  const cases = latencyCases(m);
  if (cases.length === 0 || m.machines.length === 0) return [];
  const heads = headings(m);
  return [
    "### Latency (lower is better)",
    "",
    ...markdownTable(
      ["Case", ...heads.map(escapeMarkdown)],
      ["left", ...heads.map(() => "right" as const)],
      cases.map((c) => [escapeMarkdown(c.name), ...rowTexts(m, c).map(escapeMarkdown)]),
    ),
    "",
    `_${escapeMarkdown(MERGED_LATENCY_NOTE)}_`,
    "",
  ];
}

/** The latency table as an HTML card under a heading, or nothing without a latency case. */
export function mergedLatencyHtml(m: Merged): string {
  const cases = latencyCases(m);
  if (cases.length === 0 || m.machines.length === 0) return "";
  const head = headings(m).map((text) => `<th class="num">${escapeHtml(text)}</th>`).join("");
  const rows = cases.map((c) =>
    `<tr><td class="case" title=${attribute(c.id)}>${escapeHtml(c.name)}</td>${
      rowTexts(m, c).map((text) => `<td class="num">${escapeHtml(text)}</td>`).join("")
    }</tr>`
  ).join("\n");
  return `<h3>Latency (lower is better)</h3><div class="card table-scroll"><table>
<thead><tr><th>Case</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div><p class="note muted">${escapeHtml(MERGED_LATENCY_NOTE)}</p>`;
}
