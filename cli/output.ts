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
import { isLatencyCase } from "../model/latency.ts";
import { terminalSafe } from "./terminal-text.ts";

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
   * `<name>-latency.json` beside it, customSmallerIsBetter. A file that would hold no entry is not
   * written (the action throws on an empty list), with a note.
   */
  exportBenchmarkAction?: string;
  /** No notes on stderr. */
  quiet?: boolean;
}

/** Writes every export asked for; notes on stderr (unless `quiet`) say which file was left out and why. */
export async function writeExports(results: Results, options: ExportOptions): Promise<void> {
  const exports: [string | undefined, (r: Results) => string][] = [
    [options.exportCsv, toCsv],
    [options.exportMarkdown, toMarkdownTable],
    [options.exportJson, toJson],
    [options.exportJsonl, toJsonLines],
  ];
  for (const [path, format] of exports) {
    if (typeof path === "string") await writeFileAtomic(userPath(path), format(results));
  }
  if (typeof options.exportBenchmarkAction !== "string") return;
  const note = options.quiet ? () => {} : (line: string) => console.error(terminalSafe(`note: ${line}`));
  for (const line of await writeBenchmarkAction(results, options.exportBenchmarkAction)) note(line);
}

/** Removes the regular file at `path` if there is one; whether it did. */
async function removeStale(path: string): Promise<boolean> {
  const file = userPath(path);
  try {
    if (!(await Deno.lstat(file)).isFile) return false;
  } catch {
    return false;
  }
  await Deno.remove(file);
  return true;
}

/**
 * The github-action-benchmark files of `path`: the throughput file, and the latency file beside it
 * (the action reads one tool per file). Either is written only with an entry; returns the notes on
 * what was not written.
 */
async function writeBenchmarkAction(results: Results, path: string): Promise<string[]> {
  const notes: string[] = [];
  const latencyPath = latencyExportPath(path);
  const throughput = toBenchmarkAction(results);
  const latency = toBenchmarkActionLatency(results);
  // A file not written this time must not be left from an earlier run: a CI step would publish
  // its old numbers as this run's.
  if (throughput !== null) await writeFileAtomic(userPath(path), throughput);
  else {
    notes.push(
      `no throughput case with results: ${path} not written (github-action-benchmark fails on an empty list)` +
        (latency === null ? "" : `; the latency cases are in ${latencyPath}`) +
        (await removeStale(path) ? `; the older ${path} from an earlier run was removed` : ""),
    );
  }
  if (latency !== null) await writeFileAtomic(userPath(latencyPath), latency);
  else {
    const removed = await removeStale(latencyPath);
    if (results.cases.some((c) => isLatencyCase(c.params))) {
      notes.push(
        `no latency case with a resolved p50 or p99: ${latencyPath} not written` +
          (removed ? `; the older one from an earlier run was removed` : ""),
      );
    } else if (removed) notes.push(`no latency case: the older ${latencyPath} from an earlier run was removed`);
  }
  return notes;
}
