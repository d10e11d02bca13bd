/**
 * What `run` and `report` write besides results.json: the report (report.html, summary.md,
 * charts) and the `--export-*` files.
 *
 * @module
 */
import pc from "picocolors";
import type { Results } from "../model/types.ts";
import {
  latencyExportPath,
  toBenchmarkAction,
  toBenchmarkActionLatency,
  toCsv,
  toJson,
  toJsonLines,
  toMarkdownTable,
} from "../reports/exports.ts";
import { writeReport } from "../reports/run/mod.ts";
import { userPath } from "./args.ts";
import { writeFileAtomic } from "../model/write-file.ts";

/** Writes the report of `results` into `outDir`; returns the path of report.html. */
export async function render(results: Results, outDir: string, images: boolean, quiet: boolean): Promise<string> {
  const log = quiet ? () => {} : (line: string) => console.error(line);
  const report = await writeReport(results, outDir, { images, log });
  if (report.imagesSkipped) log(pc.yellow(`note: ${report.imagesSkipped}`));
  return report.html;
}

/** The `--export-*` options: a file for each format asked for. */
export interface ExportOptions {
  /** One CSV row per sample (columns named as the JSON fields). */
  exportCsv?: string;
  /** The summary table as Markdown. */
  exportMarkdown?: string;
  /** One JSON document, `{"runId", "results": [one object per case]}`. */
  exportJson?: string;
  /** The same objects as JSON Lines, one per case. */
  exportJsonl?: string;
  /**
   * github-action-benchmark customBiggerIsBetter JSON (throughput cases); latency cases go to
   * `<name>-latency.json` beside it, customSmallerIsBetter.
   */
  exportBenchmarkAction?: string;
}

/** Writes every export asked for. */
export async function writeExports(results: Results, options: ExportOptions): Promise<void> {
  const exports: [string | undefined, (r: Results) => string][] = [
    [options.exportCsv, toCsv],
    [options.exportMarkdown, toMarkdownTable],
    [options.exportJson, toJson],
    [options.exportJsonl, toJsonLines],
    [options.exportBenchmarkAction, toBenchmarkAction],
  ];
  for (const [path, format] of exports) {
    if (typeof path === "string") await writeFileAtomic(userPath(path), format(results));
  }
  // The action reads one tool per file: latency (smaller is better) beside the throughput file.
  const latency = toBenchmarkActionLatency(results);
  if (typeof options.exportBenchmarkAction === "string" && latency !== null) {
    await writeFileAtomic(userPath(latencyExportPath(options.exportBenchmarkAction)), latency);
  }
}
