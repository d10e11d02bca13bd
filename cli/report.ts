/**
 * `pipespeed report`: re-renders reports from results files, after rebuilding results.json from
 * a journal when asked (a runner that was killed). Runs no benchmark.
 *
 * @module
 */
import { readResultsFile, resultsFromJournal, writeResultsFile } from "../bench/results.ts";
import type { Results } from "../model/types.ts";
import { UsageError, userPath } from "./args.ts";
import { render } from "./output.ts";
import { checkReadable } from "./permissions.ts";
import { journalPath } from "../bench/journal.ts";

/** The options of `report`. */
export interface ReportCliOptions {
  out?: string;
  fromJournal?: string;
  images: boolean;
}

/** Renders a report for each results file; returns the exit code. */
export async function reportAction(paths: string[], options: ReportCliOptions): Promise<number> {
  if (options.fromJournal) paths = [...paths, await rebuildFromJournal(userPath(options.fromJournal))];
  if (paths.length === 0) throw new UsageError("report: give results.json files, or --from-journal DIR");
  checkReadable(paths.map(userPath));
  for (const path of paths.map(userPath)) {
    let results: Results;
    try {
      results = await readResultsFile(path);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const outDir = options.out
      ? userPath(options.out)
      : (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".");
    await Deno.mkdir(outDir, { recursive: true });
    const html = await render(results, outDir, options.images, false);
    console.log(`report: ${html}`);
  }
  return 0;
}

/** Writes `dir/results.json` from `dir/journal.ndjson`; returns its path. */
async function rebuildFromJournal(dir: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(journalPath(dir));
  } catch (error) {
    throw new UsageError(`${journalPath(dir)}: cannot read: ${(error as Error).message}`);
  }
  let results: Results;
  try {
    results = resultsFromJournal(text);
  } catch (error) {
    throw new UsageError(`${journalPath(dir)}: ${(error as Error).message}`);
  }
  await writeResultsFile(dir, results);
  return `${dir}/results.json`;
}
