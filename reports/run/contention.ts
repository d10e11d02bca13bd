/**
 * The contention part of a run's report (cases with several writers or readers, issue 17): per
 * case and side, the side's median throughput together and each endpoint's (its bytes over the
 * run's common span, so that the readers' add up to the case's), the side's fairness (Jain's index and the
 * slowest over the fastest, medians over the runs) and the CPUs the endpoints ran on (a case whose
 * endpoints had to share CPUs says so among its warnings, bench/results.ts). One model ({@link contentionTable}) laid out for the terminal, `summary.md`
 * and the HTML report; nothing at all when no case has contention samples.
 *
 * @module
 */
import type { CaseResult, Results } from "../../model/types.ts";
import { median } from "../../stats/descriptive.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { escapeHtml } from "../page/escape.ts";
import { columnWidths, pad } from "../text-table.ts";
import { formatGib } from "../format/throughput.ts";

/** The columns of the contention table. */
const COLUMNS = ["Case", "Side", "GiB/s together", "GiB/s each", "Jain", "min/max", "CPUs"] as const;

/** The columns laid out to the right. */
const numeric = (i: number) => i >= 2 && i <= 5;

/** One row: a side of a contention case. */
export interface ContentionRow {
  /** The case's name (the first row of a case only; empty on its second). */
  caseName: string;
  /** `writers` or `readers`. */
  side: "writers" | "readers";
  /**
   * Median over the runs of the side's endpoints' throughputs added up, GiB/s: the readers' is
   * the case's median throughput; the writers', what they sent over the same span.
   */
  together: number;
  /** Each endpoint's median throughput (its bytes over the run's common span), GiB/s. */
  gibPerSecond: number[];
  /** Median of the runs' Jain's index. */
  jain: number;
  /** Median of the runs' slowest-over-fastest ratio. */
  minToMax: number;
  /** The endpoints' CPUs (`-` when unpinned). */
  cpus: string;
}

function caseRows(c: CaseResult): ContentionRow[] {
  const reports = c.samples.flatMap((s) => s.contention === undefined ? [] : [s.contention]);
  if (reports.length === 0) return [];
  return (["writers", "readers"] as const).map((side, index): ContentionRow => {
    const count = Math.min(...reports.map((r) => r[side].length));
    return {
      caseName: index === 0 ? c.name : "",
      side,
      together: median(reports.map((r) => r[side].reduce((sum, e) => sum + e.gibPerSecond, 0))),
      gibPerSecond: Array.from({ length: count }, (_, k) => median(reports.map((r) => r[side][k].gibPerSecond))),
      jain: median(reports.map((r) => r.fairness[side].jain)),
      minToMax: median(reports.map((r) => r.fairness[side].minToMax)),
      cpus: reports[0][side].map((e) => e.cpu === null ? "-" : String(e.cpu)).join(","),
    };
  });
}

/** The contention table's rows of `results` (none when no case has contention samples). */
export function contentionTable(results: Results): ContentionRow[] {
  return results.cases.flatMap(caseRows);
}

function cells(row: ContentionRow): string[] {
  return [
    row.caseName,
    row.side,
    formatGib(row.together),
    row.gibPerSecond.map(formatGib).join(" "),
    row.jain.toFixed(3),
    row.minToMax.toFixed(2),
    row.cpus,
  ];
}

/** The terminal's lines (none without contention cases). */
export function contentionText(results: Results): string[] {
  const table = contentionTable(results);
  if (table.length === 0) return [];
  const rows = table.map(cells);
  const widths = columnWidths([...COLUMNS], rows);
  const line = (texts: readonly string[]) => texts.map((text, i) => pad(text, widths[i], numeric(i))).join("  ");
  const lines = [line(COLUMNS), ...rows.map(line)].map((text) => text.trimEnd());
  return [
    "contention (medians): each endpoint's bytes over the case's span, the side together, the fairness between them",
    ...lines,
  ];
}

/** `summary.md`'s lines (none without contention cases). */
export function contentionMarkdown(results: Results): string[] {
  const table = contentionTable(results);
  if (table.length === 0) return [];
  return [
    "### Contention",
    "",
    ...markdownTable(
      [...COLUMNS],
      COLUMNS.map((_, i) => numeric(i) ? "right" : "left"),
      table.map((row) => cells(row).map(escapeMarkdown)),
    ),
    "",
  ];
}

/** The HTML section (empty without contention cases). */
export function contentionSection(results: Results): string {
  const table = contentionTable(results);
  if (table.length === 0) return "";
  const head = COLUMNS.map((label, i) => `<th${numeric(i) ? ` class="num"` : ""}>${escapeHtml(label)}</th>`);
  const body = table.map((row) =>
    `<tr>${
      cells(row).map((text, i) => `<td class="${i === 0 ? "case" : numeric(i) ? "num" : ""}">${escapeHtml(text)}</td>`)
        .join("")
    }</tr>`
  );
  return `<section id="contention"><h2>Contention</h2><p class="muted">Several writers or readers on one pipe: ` +
    `medians of each side's throughput together and of each endpoint's, its bytes over the case's measured span ` +
    `(so the readers' add up to the case's throughput), and how evenly they shared the pipe, on those bytes ` +
    `(Jain's index: 1 even, 1/n one took all; min/max: the fewest bytes over the most).</p><div class="card table-scroll"><table><thead><tr>${
      head.join("")
    }` +
    `</tr></thead><tbody>${body.join("")}</tbody></table></div></section>`;
}
