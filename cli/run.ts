/**
 * `pipespeed run`: the policy around a session — which cases, which folder (a new one, or the one
 * being resumed), Ctrl-C, progress — then the outputs and the exit code (0; 1 when some run
 * failed; 128 + n when interrupted by signal n: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
 *
 * The folder is checked before anything runs (a file, a read-only file system, /proc, a symbolic
 * link: exit 2 with one line) and locked for the whole session (bench/folder-lock.ts). A resumed
 * plan is checked again against this machine, and its failed runs are retried (bench/session.ts).
 *
 * @module
 */
import pc from "picocolors";
import { quickCase } from "../bench/plan.ts";
import { checkedResultsFromJournal, resultsText } from "../bench/results.ts";
import { defaultOutDir, runId } from "../bench/run-id.ts";
import { resumeSession, runSession, type SessionOptions } from "../bench/session.ts";
import { collectSystemInfo, loadAverageNow, noiseWarnings } from "../bench/system.ts";
import type { Results } from "../model/types.ts";
import { formatTable } from "../reports/run/mod.ts";
import { parseWarmupBytes, UsageError } from "./args.ts";
import { checkedOutFolder, checkExportFiles } from "./destinations.ts";
import { loadCases, machineContext, selectCases } from "./cases.ts";
import { colorFor } from "./color.ts";
import { INTERRUPTED, listenForInterrupt } from "./interrupt.ts";
import { applyOverrides, checkWarmupBytes, type OverrideFlags, overridesOf } from "./overrides.ts";
import { type ExportOptions, render, writeExports } from "./output.ts";
import { progressReporter } from "./progress.ts";
import { JournalError, journalPath, readJournal } from "../bench/journal.ts";
import { precisionNotes } from "../bench/precision.ts";
import { scheduleNotes } from "../bench/schedule.ts";
import { FolderInUseError, type FolderLock, lockFolder } from "../bench/folder-lock.ts";
import { OutputError, prepareOutputFolder } from "../model/write-file.ts";
import { caseRuleViolations } from "../scenario/scenario.ts";
import { terminalSafe } from "./terminal-text.ts";
import { calibrateFor } from "./calibration.ts";
import { createProfiler, type Profiler } from "../bench/profile/mod.ts";
import { writeResultsFile } from "../bench/results.ts";

/** The options of `run` (see cli.ts for their help; the override flags' values land under their field's name). */
export interface RunCliOptions extends ExportOptions, OverrideFlags {
  out?: string;
  quick?: boolean;
  filter?: string;
  seed?: number;
  timeout?: number;
  warmupBytes?: string;
  images: boolean;
  report: boolean;
  traceFastPath?: boolean;
  quiet?: boolean;
  json?: boolean;
  resume?: string;
  retryFailed?: boolean;
  recalibrate?: boolean;
  profile?: boolean;
}

/** Runs the scenario files (or resumes a run); returns the exit code. */
export async function runAction(files: string[], options: RunCliOptions): Promise<number> {
  // maxTime counts from here: a budget for the whole command, calibration included (bench/budget.ts).
  const budgetStartedAt = performance.now();
  // Where the outputs go, checked before anything is measured: not after the runs.
  const out = checkedOutFolder("--out", options.out);
  await checkExportFiles(options);
  const system = await collectSystemInfo();
  const resumeDir = resumeFolder(files, options);
  const loaded = resumeDir === null ? await loadCases(files, system) : { cases: [], scenarios: [] };
  let cases = selectCases(loaded.cases, resumeDir === null ? options.filter : undefined);
  if (options.quick) cases = cases.map(quickCase);
  const warmupBytes = parseWarmupBytes(options.warmupBytes);
  // After --quick: explicit flags win over the quick form.
  const overrides = overridesOf(options);
  const quiet = Boolean(options.quiet || options.json);
  cases = applyOverrides(cases, overrides, machineContext(system), warmupBytes, (line) => {
    if (!quiet) console.error(`note: ${line}`);
  });
  checkWarmupBytes(cases, warmupBytes);
  for (const warning of noiseWarnings(system)) if (!quiet) console.error(pc.yellow(`warning: ${warning}`));
  for (const note of scheduleNotes(cases)) if (!quiet) console.error(`note: ${note}`);
  const id = runId(new Date(), system.hostname);
  const outDir = resumeDir ?? out ?? defaultOutDir(id);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (resumeDir !== null) await checkResumable(resumeDir, system, warmupBytes);
  const start = (watch: Watch): Promise<Results> =>
    resumeDir !== null ? resumeSession({ ...watch, retryFailed: options.retryFailed }) : runSession({
      ...watch,
      cases,
      scenarios: loaded.scenarios.map(({ name, description, file }) => ({ name, description, file })),
      runId: id,
      seed,
      options: {
        quick: Boolean(options.quick),
        filter: options.filter ?? null,
        ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
      },
      system,
    });
  const lock = await lockOutputFolder(outDir);
  try {
    if (resumeDir === null) newRunFolder(outDir);
    // After the folder is checked and locked: the cache is written beside it (bench/calibration/cache.ts).
    if (resumeDir === null) system.calibration = await calibrateFor(cases, system, outDir, { ...options, quiet });
    const profiler = options.profile
      ? createProfiler({
        isRoot: system.isRoot,
        log: (line) => console.error(pc.yellow(line)),
        note: (line) => {
          if (!quiet) console.error(`note: ${line}`);
        },
      })
      : null;
    return await runLocked(start, { warmupBytes, outDir, profiler, budgetStartedAt }, options, quiet);
  } finally {
    lock.release();
  }
}

/** What a new session and a resumed one share: the folder, Ctrl-C, the run options, progress. */
type Watch = Pick<
  SessionOptions,
  "outDir" | "signal" | "runOptions" | "loadAverageNow" | "events" | "run" | "budgetStartedAt"
>;

/** Runs the session `start` gives in the locked folder, then the outputs; returns the exit code. */
async function runLocked(
  start: (watch: Watch) => Promise<Results>,
  { warmupBytes, outDir, profiler, budgetStartedAt }: {
    warmupBytes: number | undefined;
    outDir: string;
    profiler: Profiler | null;
    budgetStartedAt: number;
  },
  options: RunCliOptions,
  quiet: boolean,
): Promise<number> {
  const interrupt = listenForInterrupt();
  const progress = progressReporter(quiet);
  try {
    const runOptions = { warmupBytes, timeoutSeconds: options.timeout, traceFastPath: options.traceFastPath };
    const session = start({
      outDir,
      signal: interrupt.signal,
      runOptions,
      loadAverageNow,
      events: profiler === null ? progress.events : profiler.watch(progress.events),
      run: profiler?.run,
      budgetStartedAt,
    });
    // A second Ctrl-C stops the wait: the endpoints are gone and nothing more is written.
    let ended: Results | number;
    try {
      ended = await Promise.race([session, interrupt.quit]).catch(asUsageError);
    } finally {
      // The bar comes down (autowrap and cursor back) before anything else prints: the profiler's
      // notes, the report's "wrote" lines, the table. Drawn after them, it would erase the line it
      // sits on and leave autowrap off.
      progress.stop();
    }
    if (typeof ended === "number") {
      session.catch(() => {});
      return ended;
    }
    if (profiler !== null) {
      // Cases measured in turns: one extra recorded run each, outside the results (bench/profile/mod.ts).
      await profiler.finish(ended, { runOptions: { ...runOptions, signal: interrupt.signal } });
      await writeResultsFile(outDir, ended);
    }
    const code = await finish(ended, outDir, options, quiet).catch((error) => {
      if (!(error instanceof OutputError)) throw error;
      // results.json and the journal are written (or the previous ones left whole): one line, no trace.
      console.error(pc.red("error: ") + error.message);
      return 1;
    });
    return code === INTERRUPTED ? interrupt.exitCode() : code;
  } finally {
    interrupt.stop();
  }
}

/** The folder of `--resume` (checked), or `null` for a new run. */
function resumeFolder(files: string[], options: RunCliOptions): string | null {
  if (options.resume === undefined) return null;
  const dir = checkedOutFolder("--resume", options.resume)!;
  const overridden = Object.keys(overridesOf(options)).length > 0;
  if (files.length > 0 || options.filter || options.quick || options.seed !== undefined || overridden) {
    throw new UsageError(
      "--resume takes the plan from the journal: give no files, --filter, --quick, --seed or flags that set a field",
    );
  }
  try {
    Deno.statSync(journalPath(dir));
  } catch {
    throw new UsageError(`--resume: ${journalPath(dir)} not found`);
  }
  return dir;
}

/** A journal or folder error as a usage error (one line, exit 2); anything else as it is. */
function asUsageError(error: unknown): never {
  if (error instanceof JournalError || error instanceof OutputError || error instanceof FolderInUseError) {
    throw new UsageError(error.message);
  }
  throw error;
}

/** Creates and locks the output folder: one line (exit 2) when it cannot be written or is in use. */
async function lockOutputFolder(dir: string): Promise<FolderLock> {
  try {
    await prepareOutputFolder(dir);
    return await lockFolder(dir);
  } catch (error) {
    return asUsageError(error);
  }
}

/**
 * Checks the journal of `--resume` before anything runs: readable, and its cases still allowed on
 * this machine (the same rules as a fresh run's, each problem located at the journal and the case).
 *
 * @throws {UsageError} listing the problems: nothing is run.
 */
async function checkResumable(
  dir: string,
  system: Awaited<ReturnType<typeof collectSystemInfo>>,
  warmupBytes: number | undefined,
): Promise<void> {
  const journal = await readJournal(dir).catch(asUsageError);
  try {
    // What it holds must make valid results too: a corrupt line is refused here, located, not after the runs.
    checkedResultsFromJournal(await Deno.readTextFile(journalPath(dir)), journalPath(dir));
  } catch (error) {
    asUsageError(error);
  }
  const warmup = warmupBytes ?? journal.plan.runOptions?.warmupBytes;
  const problems = journal.plan.cases.flatMap((c) =>
    caseRuleViolations(c.params, machineContext(system), warmup).map((violation) =>
      `${journalPath(dir)}: case \`${c.id}\`: ${violation.field}: ${violation.message}`
    )
  );
  if (problems.length === 0) return;
  for (const problem of problems) console.error(terminalSafe(problem));
  throw new UsageError(
    `${problems.length === 1 ? "1 problem" : `${problems.length} problems`} with the journal's cases on this ` +
      `machine; nothing was run`,
  );
}

/** `dir`, unless it already holds a run (which only `--resume` may continue). */
function newRunFolder(dir: string): string {
  let taken = false;
  try {
    Deno.lstatSync(journalPath(dir)); // a link there (even dangling) counts as taken
    taken = true;
  } catch {
    // No journal: a fresh folder.
  }
  if (taken) {
    throw new UsageError(`${dir} already holds a run: choose another --out, or finish it with --resume ${dir}`);
  }
  return dir;
}

/** Writes the exports and the report, prints the table (or the JSON); returns the exit code. */
async function finish(results: Results, outDir: string, options: RunCliOptions, quiet: boolean): Promise<number> {
  await writeExports(results, options);
  const htmlPath = options.report ? await render(results, outDir, options.images, quiet) : null;
  if (options.json) console.log(resultsText(results).trimEnd());
  else console.log("\n" + formatTable(terminalSafe(results), { color: colorFor(Deno.stdout) }));
  for (const note of precisionNotes(results)) console.error(pc.yellow(terminalSafe(`warning: ${note}`)));
  if (!options.json) {
    console.log(`\nresults: ${outDir}/results.json`);
    if (htmlPath) console.log(`report:  ${htmlPath}`);
  }
  if (results.interrupted) return INTERRUPTED;
  return results.cases.some((c) => c.failures.length > 0) ? 1 : 0;
}
