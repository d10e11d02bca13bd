/**
 * The reports, the package's `./reports` entry: one run's (`report.html`, `summary.md`, the
 * terminal table), two runs compared, several machines merged, the chart figures and their SVG/PNG
 * export, and the machine-readable exports (JSON, JSON Lines, CSV, Markdown,
 * github-action-benchmark, the step summary). The pages inline Plotly; the image export loads
 * playwright-core (and drives a Chromium) only when it runs.
 *
 * @example
 * ```ts
 * import { readResultsFile } from "../model/mod.ts";
 * import { writeReport } from "./mod.ts";
 *
 * const results = await readResultsFile("results/2026-05-04T09-12-33Z-bench-01/results.json");
 * const { html } = await writeReport(results, "out", { images: false });
 * ```
 *
 * @module
 */
export {
  chartsFor,
  formatTable,
  type HtmlOptions,
  type MarkdownOptions,
  renderHtml,
  renderMarkdown,
  type TableOptions,
  writeReport,
} from "./run/mod.ts";
export type { Figure } from "./page/figure.ts";
export type { ReportMarkdownOptions } from "./page/charts-section.ts";
export {
  type WriteComparisonOptions,
  type WriteReportOptions,
  type WrittenComparison,
  type WrittenReport,
} from "./report-files.ts";
export { exportImages, findChromium, type ImageExport, type ImageOptions } from "./images.ts";
export {
  type CompareTableOptions,
  formatCompareTable,
  renderCompareHtml,
  renderCompareMarkdown,
  writeCompareReport,
} from "./compare/mod.ts";
export { renderMergedHtml, renderMergedMarkdown, writeMergedReport } from "./merge/mod.ts";
export {
  type CaseExport,
  CSV_COLUMNS,
  type JsonExport,
  toBenchmarkAction,
  toCsv,
  toJson,
  toJsonLines,
  toMarkdownTable,
} from "./exports.ts";
export { STEP_SUMMARY_NAME, type StepSummaryOptions, toStepSummary } from "./export/step-summary.ts";
export { formatSystemInfo } from "./system-info.ts";
