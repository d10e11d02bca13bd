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
import type { Results } from "../model/types.ts";
import { chartsFor, type Figure } from "./charts.ts";
import { renderHtml } from "./html.ts";
import { exportImages, type ImageOptions } from "./images.ts";
import { renderMarkdown } from "./markdown.ts";

/** Options of {@link writeReport}. */
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

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Path of `report.html`. */
  html: string;
  /** Path of `summary.md`. */
  markdown: string;
  /** Paths of the chart images (empty when not asked or skipped). */
  images: string[];
  /** Why images were not exported although asked (no Chromium), else `null`. */
  imagesSkipped: string | null;
}

/** Subfolder of the report folder holding the chart images. */
export const CHARTS_DIR = "charts";

function sizeOf(text: string): string {
  const bytes = new TextEncoder().encode(text).length;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

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
 * Writes a page, its Markdown and (when asked) the chart images into `outDir`, as every report does:
 * HTML first, Markdown referencing images only when they were exported, Markdown still written
 * (without images) when a found Chromium fails, and the error rethrown.
 */
export async function writeReportFiles(
  files: ReportFiles,
  outDir: string,
  options: Omit<WriteReportOptions, "jsonHref">,
): Promise<WrittenReport> {
  const log = options.log ?? (() => {});
  const directory = outDir.replace(/\/+$/, "") || ".";
  await Deno.mkdir(directory, { recursive: true });
  const html = `${directory}/${files.htmlName}`;
  await Deno.writeTextFile(html, files.page);
  log(`wrote ${html} (${sizeOf(files.page)}, ${files.figures.length} charts)`);
  const markdown = `${directory}/${files.markdownName}`;
  const writeMarkdown = async (images: boolean) => {
    await Deno.writeTextFile(markdown, files.markdown(images));
    log(`wrote ${markdown}`);
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
  return { html, markdown, images, imagesSkipped };
}
