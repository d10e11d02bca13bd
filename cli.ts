/**
 * The `pipespeed` command line: `run`, `list`, `validate`, `report`, `sysinfo`.
 *
 * Exit codes: 0 success; 1 some run failed; 2 usage or validation error (nothing ran);
 * 130 interrupted by Ctrl-C (what completed is written).
 *
 * @module
 */
import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import cliProgress from "cli-progress";
import pc from "picocolors";
import config from "./deno.json" with { type: "json" };
import { quickCase } from "./bench/plan.ts";
import { readResultsFile, resultsFromJournal, writeResultsFile } from "./bench/results.ts";
import { caseToJson, formatProblem, loadScenarioFiles, ScenarioError } from "./scenario/scenario.ts";
import { killAllEndpoints } from "./bench/runner.ts";
import { resumeSession, runSession } from "./bench/session.ts";
import { parseSize } from "./model/sizes.ts";
import { collectSystemInfo, loadAverageNow, noiseWarnings } from "./bench/system.ts";
import type { Case, Results, SystemInfo } from "./model/types.ts";
import { toBenchmarkAction, toCsv, toJsonLines, toMarkdownTable } from "./reports/exports.ts";
import { formatTable, writeReport } from "./reports/run/mod.ts";
import { formatSystemInfo } from "./reports/system-info.ts";
import { expandGlobs } from "./scenario/files.ts";
import { compareResults, mergeResults } from "./stats/compare.ts";
import { formatCompareTable, writeCompareReport } from "./reports/compare/mod.ts";
import { writeMergedReport } from "./reports/merge/mod.ts";

/** A usage or validation error: exit code 2. */
class UsageError extends Error {}

const DEFAULT_SCENARIO = new URL("./scenarios/blog.yaml", import.meta.url).pathname;

/**
 * A path as the user meant it: `deno task` runs in the project folder, so relative paths are
 * resolved against the folder the user ran it from (`INIT_CWD`).
 */
function userPath(path: string): string {
  const from = Deno.env.get("INIT_CWD");
  return path.startsWith("/") || !from ? path : `${from.replace(/\/$/, "")}/${path}`;
}

function errorLine(text: string): void {
  console.error(pc.red("error: ") + text);
}

/** Loads scenario files, checking pipe sizes against what this machine allows. */
async function loadCases(patterns: string[], system?: SystemInfo) {
  const machine = system ?? await collectSystemInfo();
  try {
    const files = await expandGlobs(patterns.length > 0 ? patterns.map(userPath) : [DEFAULT_SCENARIO]);
    return await loadScenarioFiles(files, {
      pipeMaxSize: machine.pipeMaxSize,
      mayExceedPipeMaxSize: machine.canExceedPipeMaxSize,
    });
  } catch (error) {
    if (error instanceof ScenarioError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
      throw new UsageError(`${error.problems.length} problem(s) in scenario files; nothing was run`);
    }
    throw new UsageError((error as Error).message);
  }
}

function filterCases(cases: Case[], filter: string | undefined): Case[] {
  if (filter === undefined) return cases;
  let pattern: RegExp;
  try {
    pattern = new RegExp(filter);
  } catch (error) {
    throw new UsageError(`--filter: not a valid regular expression: ${(error as Error).message}`);
  }
  const kept = cases.filter((c) => pattern.test(c.id) || pattern.test(c.name));
  if (kept.length === 0) throw new UsageError(`--filter ${filter} matches no case (ids look like blog/write_read)`);
  return kept;
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 2_000_000) {
    throw new UsageError(`--timeout: expected whole seconds from 1 to 2000000, got ${value}`);
  }
  return seconds;
}

function parseInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new UsageError(`${name}: expected a non-negative integer, got ${value}`);
    }
    return n;
  };
}

function progressReporter(quiet: boolean) {
  if (quiet) return { events: {}, stop: () => {} };
  const tty = Deno.stderr.isTerminal();
  const gib = (value: number) => `${value.toFixed(2)} GiB/s`;
  if (!tty) {
    return {
      events: {
        runFinished(run: { index: number; warmup: boolean }, total: number, c: Case, outcome: RunOutcomeLike) {
          const what = outcome.ok
            ? gib(outcome.sample.gibPerSecond)
            : `FAILED (${outcome.failure.side}): ${outcome.failure.reason}`;
          console.error(`[${run.index + 1}/${total}] ${c.id}${run.warmup ? " (warm-up)" : ""}: ${what}`);
        },
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar({
    format: "{bar} {value}/{total} runs | ETA {eta_formatted} | {caseName} | last {last}",
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    events: {
      runStarting(_run: unknown, total: number, c: Case) {
        if (!started) bar.start(total, 0, { caseName: c.name, last: "—" });
        started = true;
        bar.update({ caseName: c.name });
      },
      runFinished(_run: unknown, _total: number, c: Case, outcome: RunOutcomeLike) {
        bar.increment(1, { caseName: c.name, last: outcome.ok ? gib(outcome.sample.gibPerSecond) : pc.red("failed") });
        if (!outcome.ok) bar.log?.(`${c.id}: FAILED (${outcome.failure.side}): ${outcome.failure.reason}\n`);
      },
    },
    stop: () => started && bar.stop(),
  };
}

type RunOutcomeLike =
  | { ok: true; sample: { gibPerSecond: number } }
  | { ok: false; failure: { side: string; reason: string } };

async function render(results: Results, outDir: string, images: boolean, quiet: boolean): Promise<string> {
  const log = quiet ? () => {} : (line: string) => console.error(line);
  const report = await writeReport(results, outDir, { images, log });
  if (report.imagesSkipped) log(pc.yellow(`note: ${report.imagesSkipped}`));
  return report.html;
}

async function writeExports(results: Results, options: Record<string, unknown>) {
  const exports: [unknown, (r: Results) => string][] = [
    [options.exportCsv, toCsv],
    [options.exportMarkdown, toMarkdownTable],
    [options.exportJson, toJsonLines],
    [options.exportBenchmarkAction, toBenchmarkAction],
  ];
  for (const [path, format] of exports) {
    if (typeof path === "string") await Deno.writeTextFile(userPath(path), format(results));
  }
}

const program = new Command()
  .name("pipespeed")
  .description("How fast are Linux pipes on this machine, and why? Declarative scenarios, real syscalls, reports.")
  .version(config.version)
  .showHelpAfterError()
  .exitOverride();

program.command("run")
  .description("run scenario files (default: scenarios/blog.yaml) and write results and a report")
  .argument("[files...]", "scenario files or globs")
  .option("-o, --out <dir>", "output folder (default: results/<UTC time>-<host>)")
  .option("--quick", "smoke mode: 64 MiB per run, one repetition, no warm-up runs")
  .option("--filter <regex>", "only cases whose id or name matches")
  .option("--seed <n>", "seed of the run order and the bootstrap (default: random)", parseInteger("--seed"))
  .option(
    "--timeout <seconds>",
    "kill a run after this long (default: from the case's size)",
    parseTimeout,
  )
  .option("--warmup-bytes <size>", "bytes moved before the reader's clock starts (default 32MiB)")
  .option("--no-images", "skip the static SVG/PNG chart export")
  .option("--no-report", "skip report.html and summary.md")
  .option(
    "--trace-fast-path",
    "diagnostic: record which measured bytes went through V8's fast FFI path (slows the calls; do not quote)",
  )
  .option("-q, --quiet", "print only the final table")
  .option("--json", "print results.json to stdout instead of the table")
  .option("--export-csv <file>", "also write one CSV row per sample")
  .option("--export-markdown <file>", "also write the summary table as Markdown")
  .option("--export-json <file>", "also write one JSON line per case")
  .option("--export-benchmark-action <file>", "also write github-action-benchmark customBiggerIsBetter JSON")
  .option("--resume <dir>", "finish an interrupted run from <dir>/journal.ndjson (its plan, not the files)")
  .action(async (files, options) => {
    const system = await collectSystemInfo();
    const resumeDir = options.resume ? userPath(options.resume) : null;
    if (resumeDir !== null && (files.length > 0 || options.filter || options.quick || options.seed !== undefined)) {
      throw new UsageError("--resume takes the plan from the journal: give no files, --filter, --quick or --seed");
    }
    if (resumeDir !== null) {
      try {
        Deno.statSync(`${resumeDir}/journal.ndjson`);
      } catch {
        throw new UsageError(`--resume: ${resumeDir}/journal.ndjson not found`);
      }
    }
    const loaded = resumeDir === null ? await loadCases(files, system) : { cases: [], scenarios: [] };
    let cases = filterCases(loaded.cases, resumeDir === null ? options.filter : undefined);
    if (options.quick) cases = cases.map(quickCase);
    let warmupBytes: number | undefined;
    if (options.warmupBytes !== undefined) {
      try {
        warmupBytes = parseSize(options.warmupBytes);
      } catch (error) {
        throw new UsageError(`--warmup-bytes: ${(error as Error).message}`);
      }
    }
    const quiet = Boolean(options.quiet || options.json);
    for (const warning of noiseWarnings(system)) if (!quiet) console.error(pc.yellow(`warning: ${warning}`));
    const started = new Date();
    const runId = `${utcStamp(started)}-${system.hostname}`;
    const outDir = resumeDir ??
      (options.out ? userPath(options.out) : new URL(`./results/${runId}`, import.meta.url).pathname);
    if (resumeDir === null) {
      try {
        Deno.statSync(`${outDir}/journal.ndjson`);
        throw new UsageError(
          `${outDir} already holds a run: choose another --out, or finish it with --resume ${outDir}`,
        );
      } catch (error) {
        if (error instanceof UsageError) throw error;
      }
    }
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const controller = new AbortController();
    const onInterrupt = () => {
      if (controller.signal.aborted) {
        killAllEndpoints();
        Deno.exit(130);
      }
      console.error(
        pc.yellow("\ninterrupted: stopping the current run, then writing what completed (Ctrl-C again to quit now)"),
      );
      controller.abort();
    };
    Deno.addSignalListener("SIGINT", onInterrupt);
    const progress = progressReporter(quiet);
    let results: Results;
    try {
      const watch = {
        outDir,
        signal: controller.signal,
        runOptions: { warmupBytes, timeoutSeconds: options.timeout, traceFastPath: options.traceFastPath },
        loadAverageNow,
        events: progress.events,
      };
      results = resumeDir !== null ? await resumeSession(watch) : await runSession({
        ...watch,
        cases,
        scenarios: loaded.scenarios.map(({ name, description, file }) => ({ name, description, file })),
        runId,
        seed,
        options: { quick: Boolean(options.quick), filter: options.filter ?? null },
        system,
      });
    } finally {
      progress.stop();
      Deno.removeSignalListener("SIGINT", onInterrupt);
    }
    await writeExports(results, options);
    const htmlPath = options.report ? await render(results, outDir, options.images, quiet) : null;
    if (options.json) console.log(JSON.stringify(results, null, 2));
    else console.log("\n" + formatTable(results, { color: Deno.stdout.isTerminal() }));
    if (!options.json) {
      console.log(`\nresults: ${outDir}/results.json`);
      if (htmlPath) console.log(`report:  ${htmlPath}`);
    }
    if (results.interrupted) Deno.exit(130);
    if (results.cases.some((c) => c.failures.length > 0)) Deno.exit(1);
  });

program.command("list")
  .description("print the cases the scenario files expand to")
  .argument("[files...]", "scenario files or globs")
  .option("--json", "an array of {id, name, scenario, params} (sizes in bytes, durations in seconds)")
  .action(async (files, options) => {
    const { cases } = await loadCases(files);
    if (options.json) {
      console.log(JSON.stringify(cases.map(caseToJson), null, 2));
      return;
    }
    const width = Math.max(...cases.map((c) => c.id.length));
    for (const c of cases) console.log(`${c.id.padEnd(width)}  ${c.name}`);
  });

program.command("validate")
  .description("check scenario files; report every problem as file:line:column: path: message")
  .argument("<files...>", "scenario files or globs")
  .action(async (files) => {
    const { scenarios, cases } = await loadCases(files);
    console.log(`ok: ${scenarios.length} scenario(s), ${cases.length} case(s)`);
  });

program.command("report")
  .description("re-render report.html, summary.md and charts from results files (no benchmark runs)")
  .argument("[results...]", "results.json files")
  .option("-o, --out <dir>", "output folder (default: beside each results file)")
  .option("--from-journal <dir>", "rebuild results.json from <dir>/journal.ndjson first (after a crash)")
  .option("--no-images", "skip the static SVG/PNG chart export")
  .action(async (paths, options) => {
    if (options.fromJournal) {
      const dir = userPath(options.fromJournal);
      let text: string;
      try {
        text = await Deno.readTextFile(`${dir}/journal.ndjson`);
      } catch (error) {
        throw new UsageError(`${dir}/journal.ndjson: cannot read: ${(error as Error).message}`);
      }
      let results: Results;
      try {
        results = resultsFromJournal(text);
      } catch (error) {
        throw new UsageError(`${dir}/journal.ndjson: ${(error as Error).message}`);
      }
      await writeResultsFile(dir, results);
      paths = [...paths, `${dir}/results.json`];
    }
    if (paths.length === 0) throw new UsageError("report: give results.json files, or --from-journal DIR");
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
  });

/** Reads results files for compare/merge; a bad file is a usage error naming it. */
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

function parsePercent(value: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent < 100)) {
    throw new UsageError(`--threshold: expected a percentage like 5% (0 to 100), got ${value}`);
  }
  return percent / 100;
}

program.command("compare")
  .description("compare two results files case by case: ratio of medians with CI, Mann–Whitney p, verdict")
  .argument("<base>", "results.json of the baseline")
  .argument("<current>", "results.json to judge")
  .option("--threshold <percent>", "changes smaller than this never count", "5%")
  .option("--fail-on-regression", "exit 1 when any case is significantly slower beyond the threshold")
  .option("-o, --out <dir>", "where compare.html and compare.md go (default: compare/ beside <current>)")
  .option("--label-base <label>", "label of the base run (default: host and kernel)")
  .option("--label-current <label>", "label of the current run (default: host and kernel)")
  .option("--no-images", "skip the static SVG/PNG chart export")
  .action(async (basePath, currentPath, options) => {
    const [base, current] = [userPath(basePath), userPath(currentPath)];
    const [baseResults, currentResults] = await readAll([base, current]);
    const comparison = compareResults(baseResults, base, currentResults, current, {
      threshold: parsePercent(options.threshold),
      labels: [options.labelBase, options.labelCurrent],
    });
    const outDir = options.out ? userPath(options.out) : `${current.slice(0, current.lastIndexOf("/") + 1)}compare`;
    await Deno.mkdir(outDir, { recursive: true });
    const written = await writeCompareReport(comparison, outDir, {
      images: options.images,
      log: (line) => console.error(line),
    });
    if (written.imagesSkipped) console.error(pc.yellow(`note: ${written.imagesSkipped}`));
    console.log(formatCompareTable(comparison, { color: Deno.stdout.isTerminal() }));
    for (const warning of comparison.warnings) console.error(pc.yellow(`warning: ${warning}`));
    console.log(`\nreport:  ${written.html}`);
    const slower = comparison.cases.filter((c) => c.verdict === "slower");
    if (options.failOnRegression && slower.length > 0) {
      console.error(pc.red(`${slower.length} case(s) slower: ${slower.map((c) => c.id).join(", ")}`));
      Deno.exit(1);
    }
  });

program.command("merge")
  .description("one report over results from several machines, kernels or commits")
  .argument("<results...>", "results.json files")
  .requiredOption("-o, --out <dir>", "output folder")
  .option("--label <labels...>", "one label per results file, in order (default: host and kernel)")
  .option("--no-images", "skip the static SVG/PNG chart export")
  .action(async (paths, options) => {
    const files = paths.map(userPath);
    if (options.label && options.label.length !== files.length) {
      throw new UsageError(`--label: ${options.label.length} label(s) for ${files.length} results file(s)`);
    }
    const all = await readAll(files);
    const merged = mergeResults(all.map((results, i) => ({ results, file: files[i], label: options.label?.[i] })));
    const outDir = userPath(options.out);
    await Deno.mkdir(outDir, { recursive: true });
    const written = await writeMergedReport(merged, outDir, {
      images: options.images,
      log: (line) => console.error(line),
    });
    if (written.imagesSkipped) console.error(pc.yellow(`note: ${written.imagesSkipped}`));
    console.log(`merged ${merged.machines.length} runs (${merged.machines.map((m) => m.label).join("; ")})`);
    console.log(`report:  ${written.html}`);
  });

program.command("sysinfo")
  .description("print the system metadata recorded with every run, and what will make numbers noisy")
  .addOption(new Option("--json", "machine-readable"))
  .action(async (options) => {
    const info = await collectSystemInfo();
    if (options.json) {
      console.log(JSON.stringify({ ...info, warnings: noiseWarnings(info) }, null, 2));
      return;
    }
    console.log(formatSystemInfo(info));
    for (const warning of noiseWarnings(info)) console.log(pc.yellow(`warning: ${warning}`));
  });

/** Runs the CLI with `args`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  try {
    await program.parseAsync(args, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
          error.code === "commander.help"
        ? 0
        : 2;
    }
    if (error instanceof UsageError) {
      errorLine(error.message);
      return 2;
    }
    errorLine(error instanceof Error ? error.stack ?? error.message : String(error));
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
