/**
 * The Markdown export of a run (`run --export-markdown`): the run table model (`run/table.ts`, the
 * same columns and cells as the terminal, `summary.md` and `report.html`) as one table of every
 * case, named by id since it spans scenarios, then the table's note.
 *
 * @module
 */
import type { Results } from "../../model/types.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { runTable } from "../run/table.ts";

/**
 * The summary table in Markdown (one table, all scenarios).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary-table.md", toMarkdownTable(results));
 * ```
 */
export function toMarkdownTable(results: Results): string {
  const table = runTable(results);
  const rows = table.groups.flatMap((group) =>
    group.rows.map((row) =>
      row.cells.map((cell, i) => escapeMarkdown(table.columns[i].key === "case" ? row.id : cell.text))
    )
  );
  const lines = markdownTable(
    table.columns.map((column) => column.label),
    table.columns.map((column) => column.align),
    rows,
  );
  if (table.note !== null) lines.push("", `_${escapeMarkdown(table.note)}_`);
  return lines.join("\n") + "\n";
}
