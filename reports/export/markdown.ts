/**
 * The Markdown export of a run (`run --export-markdown`): the tables of `summary.md`, each as one
 * table of every case, named by id since it spans scenarios — the run table model (`run/table.ts`,
 * the same columns and cells as the terminal, `summary.md` and `report.html`) of the throughput
 * cases with its note, then the latency table model (`run/latency-table.ts`) of the latency cases
 * with its note. A table without a case is left out.
 *
 * @module
 */
import type { Results } from "../../model/types.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { LATENCY_ALIGNS, LATENCY_COLUMNS, LATENCY_NOTE, latencyTable } from "../run/latency-table.ts";
import { runTable } from "../run/table.ts";

/** The throughput table: every case of the run table, then its note; nothing without a case. */
function throughputLines(results: Results): string[] {
  const table = runTable(results);
  const rows = table.groups.flatMap((group) =>
    group.rows.map((row) =>
      row.cells.map((cell, i) => escapeMarkdown(table.columns[i].key === "case" ? row.id : cell.text))
    )
  );
  if (rows.length === 0) return [];
  const lines = markdownTable(
    table.columns.map((column) => column.label),
    table.columns.map((column) => column.align),
    rows,
  );
  if (table.note !== null) lines.push("", `_${escapeMarkdown(table.note)}_`);
  return lines;
}

/** The latency table: every latency case (its first cell, the name, replaced by the id), then its note. */
function latencyLines(results: Results): string[] {
  const rows = latencyTable(results).flatMap((group) =>
    group.rows.map((cells, r) => [group.ids[r], ...cells.slice(1)].map(escapeMarkdown))
  );
  if (rows.length === 0) return [];
  return [
    ...markdownTable(LATENCY_COLUMNS, LATENCY_ALIGNS, rows),
    "",
    `_${escapeMarkdown(LATENCY_NOTE)}_`,
  ];
}

/**
 * The summary's tables in Markdown: one of the throughput cases, one of the latency cases (all
 * scenarios in each), each followed by its note.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary-table.md", toMarkdownTable(results));
 * ```
 */
export function toMarkdownTable(results: Results): string {
  const tables = [throughputLines(results), latencyLines(results)].filter((lines) => lines.length > 0);
  return tables.map((lines) => lines.join("\n")).join("\n\n") + "\n";
}
