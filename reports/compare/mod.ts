/**
 * The report of a `Comparison` (`pipespeed compare`): two charts, a self-contained
 * `compare.html`, `compare.md` for pull requests, a terminal table, and the writer.
 *
 * @example
 * ```ts
 * const comparison = compareResults(base, "base.json", current, "current.json");
 * console.log(formatCompareTable(comparison, { color: Deno.stdout.isTerminal() }));
 * await writeCompareReport(comparison, "out", { images: false, log: console.log });
 * ```
 *
 * @module
 */
export { compareFigures } from "./figures.ts";
export { renderCompareHtml } from "./html.ts";
export { renderCompareMarkdown } from "./markdown.ts";
export { type CompareTableOptions, formatCompareTable } from "./terminal.ts";
export { VERDICT_COLOURS } from "./verdicts.ts";
export { writeCompareReport } from "./write.ts";
