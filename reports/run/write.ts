/**
 * Writes a run's report files into a folder: `report.html`, `summary.md` and, when asked and a
 * Chromium is available, `charts/<name>.svg|png`. `results.json` itself is the engine's.
 *
 * @example
 * ```ts
 * const report = await writeReport(results, "results/2026-05-04T09-12-33Z-bench-01", { images: true, log: console.log });
 * ```
 *
 * @module
 */
import type { Results } from "../../model/types.ts";
import { CHARTS_DIR } from "../page/charts-section.ts";
import { writeReportFiles, type WriteReportOptions, type WrittenReport } from "../report-files.ts";
import { chartsFor } from "./charts/mod.ts";
import { renderHtml } from "./html/page.ts";
import { renderMarkdown } from "./markdown.ts";

/**
 * Renders and writes the report into `outDir` (created if needed). The HTML is written first;
 * `summary.md` references the images only when they were exported. If Chromium is found but
 * fails, `summary.md` is still written (without images) and the error is rethrown.
 *
 * @example
 * ```ts
 * const { html, imagesSkipped } = await writeReport(results, "out", { images: false });
 * ```
 */
export async function writeReport(
  results: Results,
  outDir: string,
  options: WriteReportOptions,
): Promise<WrittenReport> {
  const figures = chartsFor(results);
  return await writeReportFiles(
    {
      htmlName: "report.html",
      page: renderHtml(results, { jsonHref: options.jsonHref ?? "results.json", figures }),
      markdownName: "summary.md",
      markdown: (images) => renderMarkdown(results, { images, imagesDir: CHARTS_DIR, figures }),
      figures,
    },
    outDir,
    options,
  );
}
