/**
 * The report of one run: charts, `report.html`, `summary.md`, the terminal table, the one table
 * model they (and the Markdown export) lay out (`runTable`), and the writer that puts the files in
 * a folder.
 *
 * @example
 * ```ts
 * console.log(formatTable(results, { color: Deno.stdout.isTerminal() }));
 * await writeReport(results, "out", { images: false, log: console.log });
 * ```
 *
 * @module
 */
export { chartsFor } from "./charts/mod.ts";
export { type HtmlOptions, renderHtml } from "./html/page.ts";
export { type MarkdownOptions, renderMarkdown } from "./markdown.ts";
export {
  RUN_COLUMNS,
  type RunCell,
  type RunCellValue,
  type RunColumn,
  type RunColumnKey,
  type RunRow,
  type RunTable,
  runTable,
  type RunTableGroup,
} from "./table.ts";
export { formatTable, type TableOptions } from "./terminal.ts";
export { writeReport } from "./write.ts";
