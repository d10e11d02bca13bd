/**
 * Writes one report's files into a folder, as every report does (run, compare, merge): the page
 * first, then the Markdown, which references the chart images only when they were exported into
 * `charts/`. A found Chromium that fails still leaves the Markdown written (without images), and
 * the error is rethrown. Every file goes through `writeFileAtomic` (model/write-file.ts): never
 * half written, never through a symbolic link.
 *
 * @module
 */
import type { Figure } from "./page/figure.ts";
import { prepareOutputFolder, writeFileAtomic } from "../model/write-file.ts";
import { CHARTS_DIR } from "./page/charts-section.ts";
import { formatFileSize } from "./format/bytes.ts";
import { exportImages, type ImageOptions } from "./images.ts";
import { actionsRunUrl, STEP_SUMMARY_NAME, toStepSummary } from "./export/step-summary.ts";

/** Options of the report writers (`writeReport`, `writeCompareReport`, `writeMergedReport`). */
export interface WriteReportOptions {
  /** Export the charts as SVG and PNG through Chromium (skipped with a reason when there is none). */
  images: boolean;
  /** Receives one line per file written or step skipped. */
  log?: (line: string) => void;
  /** Link from the page to the raw results (default `results.json`, beside the report). */
  jsonHref?: string;
  /** Image export options (Chromium path, size). */
  imageOptions?: ImageOptions;
}

/** What a report writer wrote. */
export interface WrittenReport {
  /** Path of the page (`report.html`, `compare.html`). */
  html: string;
  /** Path of the Markdown (`summary.md`, `compare.md`). */
  markdown: string;
  /** Path of `step-summary.md`: the Markdown without relative images, for `$GITHUB_STEP_SUMMARY`. */
  stepSummary: string;
  /** Paths of the chart images (empty when not asked or skipped). */
  images: string[];
  /** Why images were not exported although asked (no Chromium), else `null`. */
  imagesSkipped: string | null;
}

/** Options of `writeCompareReport` and `writeMergedReport`: a run report's, without the JSON link. */
export type WriteComparisonOptions = Omit<WriteReportOptions, "jsonHref">;

/** What `writeCompareReport` and `writeMergedReport` wrote. */
export type WrittenComparison = WrittenReport;

/** The parts {@link writeReportFiles} writes. */
export interface ReportFiles {
  /** File name of the page in the folder. */
  htmlName: string;
  /** The page. */
  page: string;
  /** File name of the Markdown in the folder. */
  markdownName: string;
  /** Renders the Markdown, with or without images. */
  markdown: (images: boolean) => string;
  /** The figures to export as images. */
  figures: Figure[];
}

/**
 * Writes a page, its Markdown and (when asked) the chart images into `outDir` (created if
 * needed): HTML first, Markdown referencing images only when they were exported, Markdown still
 * written (without images) when a found Chromium fails, and the error rethrown.
 *
 * @example
 * ```ts
 * const written = await writeReportFiles(
 *   { htmlName: "report.html", page, markdownName: "summary.md", markdown: () => "# x\n", figures: [] },
 *   "out",
 *   { images: false },
 * );
 * ```
 */
export async function writeReportFiles(
  files: ReportFiles,
  outDir: string,
  options: WriteComparisonOptions,
): Promise<WrittenReport> {
  const log = options.log ?? (() => {});
  const directory = outDir.replace(/\/+$/, "") || ".";
  await prepareOutputFolder(directory);
  const html = `${directory}/${files.htmlName}`;
  await writeFileAtomic(html, files.page);
  log(`wrote ${html} (${formatFileSize(new TextEncoder().encode(files.page).length)}, ${files.figures.length} charts)`);
  const markdown = `${directory}/${files.markdownName}`;
  const stepSummary = `${directory}/${STEP_SUMMARY_NAME}`;
  const writeMarkdown = async (images: boolean) => {
    await writeFileAtomic(markdown, files.markdown(images));
    log(`wrote ${markdown}`);
    // Relative images cannot resolve on a run's page: the step summary names where the charts are instead.
    const runUrl = actionsRunUrl();
    await writeFileAtomic(
      stepSummary,
      toStepSummary(files.markdown(false), { htmlName: files.htmlName, images, runUrl }),
    );
    log(`wrote ${stepSummary}`);
  };
  let images: string[] = [];
  let imagesSkipped: string | null = null;
  if (options.images && files.figures.length > 0) {
    try {
      const exported = await exportImages(files.figures, `${directory}/${CHARTS_DIR}`, options.imageOptions);
      images = exported.written;
      imagesSkipped = exported.skipped;
    } catch (error) {
      await writeMarkdown(false);
      throw error;
    }
    log(imagesSkipped ?? `wrote ${images.length} images to ${directory}/${CHARTS_DIR}/`);
  }
  await writeMarkdown(images.length > 0);
  return { html, markdown, stepSummary, images, imagesSkipped };
}
