/**
 * Writes a comparison's files into a folder: `compare.html`, `compare.md` and, when asked and
 * Chromium is available, `charts/compare-*.svg|png`.
 *
 * @module
 */
import type { Comparison } from "../../stats/compare.ts";
import { CHARTS_DIR } from "../page/charts-section.ts";
import { type WriteComparisonOptions, writeReportFiles, type WrittenComparison } from "../report-files.ts";
import { compareFigures } from "./figures.ts";
import { renderCompareHtml } from "./html.ts";
import { renderCompareMarkdown } from "./markdown.ts";

/**
 * Writes `compare.html`, `compare.md` and, when asked and Chromium is available,
 * `charts/compare-*.svg|png` into `outDir`.
 *
 * @example
 * ```ts
 * const { html, imagesSkipped } = await writeCompareReport(comparison, "out", { images: true, log: console.log });
 * ```
 */
export async function writeCompareReport(
  c: Comparison,
  outDir: string,
  opts: WriteComparisonOptions,
): Promise<WrittenComparison> {
  return await writeReportFiles(
    {
      htmlName: "compare.html",
      page: renderCompareHtml(c),
      markdownName: "compare.md",
      markdown: (images) => renderCompareMarkdown(c, { images, imagesDir: CHARTS_DIR }),
      figures: compareFigures(c),
    },
    outDir,
    opts,
  );
}
