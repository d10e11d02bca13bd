/**
 * `pipespeed compare` (two runs, case by case, with a verdict) and `pipespeed merge` (one report
 * over several machines): both read results files and write a report; neither runs a benchmark.
 *
 * @module
 */
import pc from "picocolors";
import { readResultsFile } from "../bench/results.ts";
import type { Results } from "../model/types.ts";
import { formatCompareTable, writeCompareReport } from "../reports/compare/mod.ts";
import { writeMergedReport } from "../reports/merge/mod.ts";
import { compareResults, type Comparison, mergeResults } from "../stats/compare.ts";
import { parsePercent, UsageError, userPath } from "./args.ts";
import { plural } from "./cases.ts";
import { colorFor } from "./color.ts";
import { terminalSafe } from "./terminal-text.ts";
import { prepareOutputFolder } from "../model/write-file.ts";

/** The options of `compare`. */
export interface CompareCliOptions {
  threshold: string;
  failOnRegression?: boolean;
  /** Holm–Bonferroni over the cases (`CompareOptions.familyWise`). */
  familyWise?: boolean;
  out?: string;
  labelBase?: string;
  labelCurrent?: string;
  images: boolean;
}

/**
 * Compares `current` against `base`; returns the exit code (1: a regression, when asked to fail on
 * one). Inconclusive and not comparable cases never fail the gate; it says that they were not judged.
 */
export async function compareAction(
  basePath: string,
  currentPath: string,
  options: CompareCliOptions,
): Promise<number> {
  const [base, current] = [userPath(basePath), userPath(currentPath)];
  const [baseResults, currentResults] = await readAll([base, current]);
  const comparison = compareResults(baseResults, base, currentResults, current, {
    threshold: parsePercent(options.threshold),
    labels: [options.labelBase, options.labelCurrent],
    familyWise: options.familyWise ?? false,
  });
  const outDir = options.out ? userPath(options.out) : `${current.slice(0, current.lastIndexOf("/") + 1)}compare`;
  await preparedFolder(outDir);
  const written = await writeCompareReport(comparison, outDir, {
    images: options.images,
    log: (line) => console.error(line),
  });
  if (written.imagesSkipped) console.error(pc.yellow(`note: ${written.imagesSkipped}`));
  console.log(formatCompareTable(terminalSafe(comparison), { color: colorFor(Deno.stdout) }));
  console.log(`\nreport:  ${written.html}`);
  return regressionGate(comparison, options.failOnRegression ?? false);
}

/**
 * The exit code of a comparison (1: a case is slower, when asked to fail on one), with a line on
 * stderr naming the slower cases, or saying which cases were not judged (they do not fail the
 * check, and must not read as a pass). Shared by `compare` and `ab`.
 */
export function regressionGate(comparison: Comparison, failOnRegression: boolean): number {
  const slower = comparison.cases.filter((c) => c.verdict === "slower");
  if (failOnRegression && slower.length > 0) {
    const ids = [...new Set(slower.map((c) => c.latencyFigure === undefined ? c.id : `${c.id} (${c.latencyFigure})`))];
    console.error(pc.red(terminalSafe(`${ids.length} case(s) slower: ${ids.join(", ")}`)));
    return 1;
  }
  const unjudged = comparison.cases.filter((c) =>
    c.verdict === "inconclusive" || c.verdict === "unresolved" || c.verdict === "incomparable"
  );
  if (failOnRegression && unjudged.length > 0) {
    // Not a failure (there is no evidence of a regression), but the gate must not read as a pass.
    const what = unjudged.length === comparison.cases.length
      ? "nothing could be judged"
      : `${unjudged.length} of ${comparison.cases.length} case(s) could not be judged`;
    console.error(pc.yellow(
      `--fail-on-regression: ${what} (inconclusive, not resolved or not comparable: ${
        terminalSafe(unjudged.map((c) => c.id).join(", "))
      }); they do not fail the check, and they do not pass it either`,
    ));
  }
  return 0;
}

/** The options of `merge`. */
export interface MergeCliOptions {
  out: string;
  label?: string[];
  images: boolean;
}

/** Writes one report over several results files; returns the exit code. */
export async function mergeAction(paths: string[], options: MergeCliOptions): Promise<number> {
  const files = paths.map(userPath);
  if (options.label && options.label.length !== files.length) {
    throw new UsageError(`--label: ${options.label.length} label(s) for ${files.length} results file(s)`);
  }
  const all = await readAll(files);
  const merged = mergeResults(all.map((results, i) => ({ results, file: files[i], label: options.label?.[i] })));
  const outDir = userPath(options.out);
  await preparedFolder(outDir);
  const written = await writeMergedReport(merged, outDir, {
    images: options.images,
    log: (line) => console.error(line),
  });
  if (written.imagesSkipped) console.error(pc.yellow(`note: ${written.imagesSkipped}`));
  console.log(
    terminalSafe(`merged ${plural(merged.machines.length, "run")} (${merged.machines.map((m) => m.label).join("; ")})`),
  );
  console.log(`report:  ${written.html}`);
  return 0;
}

/** Creates an output folder; one that cannot be written or is reached through a link is a usage error. */
async function preparedFolder(dir: string): Promise<void> {
  try {
    await prepareOutputFolder(dir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads results files; a bad file is a usage error naming it. */
async function readAll(paths: string[]): Promise<Results[]> {
  const all: Results[] = [];
  for (const path of paths) {
    try {
      all.push(await readResultsFile(path));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return all;
}
