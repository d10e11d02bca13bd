/**
 * `pipespeed report`: re-renders reports from results files, after rebuilding results.json from
 * a journal when asked (a runner that was killed). Runs no benchmark.
 *
 * Rebuilding never makes things worse: what a journal would make is checked as a results file
 * is, and an existing valid results.json holding more runs than the journal is kept.
 *
 * @module
 */
import { checkedResultsFromJournal, outcomeCount, readResultsFile, writeResultsFile } from "../bench/results.ts";
import { FolderInUseError, lockFolder } from "../bench/folder-lock.ts";
import { prepareOutputFolder } from "../model/write-file.ts";
import type { Results } from "../model/types.ts";
import { UsageError, userPath } from "./args.ts";
import { render } from "./output.ts";
import { checkReadable } from "./permissions.ts";
import { JournalError, journalPath } from "../bench/journal.ts";

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
    await prepareOutputFolder(outDir).catch((error) => {
      throw new UsageError((error as Error).message);
    });
    const html = await render(results, outDir, options.images, false);
    console.log(`report: ${html}`);
  }
  return 0;
}

/**
 * Writes `dir/results.json` from `dir/journal.ndjson` (holding the folder's lock); returns its
 * path. Refuses, leaving the folder as it was, a journal whose lines do not make valid results,
 * and a journal holding fewer runs than a valid results.json already there.
 */
async function rebuildFromJournal(dir: string): Promise<string> {
  const path = `${dir}/results.json`;
  try {
    const text = await readJournalText(dir);
    const lock = await lockFolder(dir);
    try {
      const results = checkedResultsFromJournal(text, journalPath(dir));
      const existing = await readResultsFile(path).catch(() => null);
      if (existing !== null && outcomeCount(existing) > outcomeCount(results)) {
        throw new UsageError(
          `${path} holds ${outcomeCount(existing)} runs, the journal ${outcomeCount(results)}: ` +
            `kept it (remove it to rebuild from the journal anyway)`,
        );
      }
      await writeResultsFile(dir, results);
    } finally {
      lock.release();
    }
  } catch (error) {
    // An OutputError (a full disk) goes on as it is: one line, exit 1, the previous file whole.
    if (error instanceof JournalError || error instanceof FolderInUseError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  return path;
}

/** The text of `dir/journal.ndjson`. */
async function readJournalText(dir: string): Promise<string> {
  try {
    return await Deno.readTextFile(journalPath(dir));
  } catch (error) {
    throw new UsageError(`${journalPath(dir)}: cannot read: ${(error as Error).message}`);
  }
}
