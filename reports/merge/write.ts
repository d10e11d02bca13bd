/**
 * Writes a merge's files into a folder: `report.html`, `summary.md` and, when asked and Chromium
 * is available, `charts/merged-*.svg|png`.
 *
 * @module
 */
import type { Merged } from "../../stats/compare.ts";
import { CHARTS_DIR } from "../page/charts-section.ts";
import { type WriteComparisonOptions, writeReportFiles, type WrittenComparison } from "../report-files.ts";
import { mergedFigures } from "./figures.ts";
import { renderMergedHtml } from "./html.ts";
import { renderMergedMarkdown } from "./markdown.ts";

/**
 * Writes the merged `report.html`, `summary.md` and, when asked and Chromium is available,
 * `charts/merged-*.svg|png` into `outDir`.
 *
 * @example
 * ```ts
 * const { html } = await writeMergedReport(merged, "out", { images: false });
 * ```
 */
export async function writeMergedReport(
  m: Merged,
  outDir: string,
  opts: WriteComparisonOptions,
): Promise<WrittenComparison> {
  return await writeReportFiles(
    {
      htmlName: "report.html",
      page: renderMergedHtml(m),
      markdownName: "summary.md",
      markdown: (images) => renderMergedMarkdown(m, { images, imagesDir: CHARTS_DIR }),
      figures: mergedFigures(m),
    },
    outDir,
    opts,
  );
}
