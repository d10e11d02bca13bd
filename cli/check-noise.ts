/**
 * `pipespeed check-noise`: an A/A check. The same plan runs twice, back to back (`<out>/a` then
 * `<out>/b`, the same seed), and `compare` judges the second against the first. Nothing changed
 * between them, so every "slower" or "faster" verdict is a false one: the machine's noise (or the
 * schedule) fooled the comparison. Exit 0 when there is none, 1 when there is (or a run failed),
 * 130 when interrupted.
 *
 * @module
 */
import pc from "picocolors";
import { readResultsFile } from "../bench/results.ts";
import { defaultOutDir, runId } from "../bench/run-id.ts";
import { formatCompareTable, writeCompareReport } from "../reports/compare/mod.ts";
import { compareResults } from "../stats/compare.ts";
import { parsePercent } from "./args.ts";
import { checkedOutFolder } from "./destinations.ts";
import { colorFor } from "./color.ts";
import { runAction, type RunCliOptions } from "./run.ts";

/** The options of `check-noise`: those of `run` (no `--resume`), and `compare`'s threshold. */
export interface CheckNoiseCliOptions extends Omit<RunCliOptions, "resume" | "json"> {
  threshold: string;
}

/** Runs the plan twice and compares; returns the exit code. */
export async function checkNoiseAction(files: string[], options: CheckNoiseCliOptions): Promise<number> {
  const threshold = parsePercent(options.threshold);
  const outDir = checkedOutFolder("--out", options.out) ?? defaultOutDir(runId(new Date(), Deno.hostname(), "aa"));
  // One seed for both: the same plan, in the same order.
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const paths: string[] = [];
  for (const name of ["a", "b"]) {
    const dir = `${outDir}/${name}`;
    console.error(pc.bold(`check-noise: run ${name.toUpperCase()} → ${dir}`));
    const code = await runAction(files, { ...options, out: dir, seed, report: options.report });
    if (code !== 0) return code;
    paths.push(`${dir}/results.json`);
  }
  const [a, b] = await Promise.all(paths.map(readResultsFile));
  // "Is anything different?" is one question over every case: Holm–Bonferroni, as ab asks it.
  const comparison = compareResults(a, paths[0], b, paths[1], { threshold, labels: ["A", "B"], familyWise: true });
  const written = await writeCompareReport(comparison, `${outDir}/compare`, {
    images: options.images,
    log: (line) => console.error(line),
  });
  console.log(formatCompareTable(comparison, { color: colorFor(Deno.stdout) }));
  console.log(`\nreport:  ${written.html}`);
  const wrong = comparison.cases.filter((c) => c.verdict === "slower" || c.verdict === "faster");
  if (wrong.length === 0) {
    console.log(
      pc.green(`A/A: no false verdict over ${comparison.cases.length} case(s) (threshold ${options.threshold})`),
    );
    return 0;
  }
  console.log(pc.red(
    `A/A: ${wrong.length} false verdict(s) of ${comparison.cases.length}: ${
      wrong.map((c) => `${c.id} ${c.verdict}`).join(", ")
    } — the same plan twice judged different: this machine (or schedule) is too noisy for that threshold`,
  ));
  return 1;
}
