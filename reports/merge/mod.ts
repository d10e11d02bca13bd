/**
 * The report of a `Merged` (`pipespeed merge`): the same cases measured on several machines, as
 * grouped charts, a self-contained `report.html`, `summary.md`, and the writer.
 *
 * @example
 * ```ts
 * const merged = mergeResults([{ results: a, file: "a.json" }, { results: b, file: "b.json" }]);
 * await writeMergedReport(merged, "out", { images: false, log: console.log });
 * ```
 *
 * @module
 */
export { mergedFigures } from "./figures.ts";
export { renderMergedHtml } from "./html.ts";
export { renderMergedMarkdown } from "./markdown.ts";
export { writeMergedReport } from "./write.ts";
