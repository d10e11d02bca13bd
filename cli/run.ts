/**
 * `pipespeed run`: the policy around a session — which cases, which folder (a new one, or the one
 * being resumed), Ctrl-C, progress — then the outputs and the exit code (0; 1 when some run
 * failed; 130 when interrupted).
 *
 * @module
 */
import pc from "picocolors";
import { quickCase } from "../bench/plan.ts";
import { resultsText } from "../bench/results.ts";
import { defaultOutDir, runId } from "../bench/run-id.ts";
import { resumeSession, runSession } from "../bench/session.ts";
import { collectSystemInfo, loadAverageNow, noiseWarnings } from "../bench/system.ts";
import type { Results } from "../model/types.ts";
import { formatTable } from "../reports/run/mod.ts";
import { parseWarmupBytes, UsageError, userPath } from "./args.ts";
import { loadCases, machineContext, selectCases } from "./cases.ts";
import { colorFor } from "./color.ts";
import { INTERRUPTED, listenForInterrupt } from "./interrupt.ts";
import { applyOverrides, checkWarmupBytes, type OverrideFlags, overridesOf } from "./overrides.ts";
import { type ExportOptions, render, writeExports } from "./output.ts";
import { progressReporter } from "./progress.ts";
import { journalPath } from "../bench/journal.ts";
import { calibrateFor } from "./calibration.ts";
import { createProfiler } from "../bench/profile/mod.ts";
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
  recalibrate?: boolean;
  profile?: boolean;
}

/** Runs the scenario files (or resumes a run); returns the exit code. */
export async function runAction(files: string[], options: RunCliOptions): Promise<number> {
  const system = await collectSystemInfo();
  const resumeDir = resumeFolder(files, options);
  const loaded = resumeDir === null ? await loadCases(files, system) : { cases: [], scenarios: [] };
  let cases = selectCases(loaded.cases, resumeDir === null ? options.filter : undefined);
  if (options.quick) cases = cases.map(quickCase);
  const warmupBytes = parseWarmupBytes(options.warmupBytes);
  // After --quick: explicit flags win over the quick form.
  const overrides = overridesOf(options);
  cases = applyOverrides(cases, overrides, machineContext(system), warmupBytes);
  checkWarmupBytes(cases, warmupBytes);
  const quiet = Boolean(options.quiet || options.json);
  for (const warning of noiseWarnings(system)) if (!quiet) console.error(pc.yellow(`warning: ${warning}`));
  const id = runId(new Date(), system.hostname);
  const outDir = resumeDir ?? newRunFolder(options.out ? userPath(options.out) : defaultOutDir(id));
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (resumeDir === null) system.calibration = await calibrateFor(cases, system, outDir, { ...options, quiet });

  const interrupt = listenForInterrupt();
  const progress = progressReporter(quiet);
  const profiler = options.profile
    ? createProfiler({ isRoot: system.isRoot, log: (line) => console.error(pc.yellow(line)) })
    : null;
  let session: Promise<Results>;
  try {
    const watch = {
      outDir,
      signal: interrupt.signal,
      runOptions: { warmupBytes, timeoutSeconds: options.timeout, traceFastPath: options.traceFastPath },
      loadAverageNow,
      events: profiler === null ? progress.events : profiler.watch(progress.events),
      run: profiler?.run,
    };
    session = resumeDir !== null ? resumeSession(watch) : runSession({
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
    // A second Ctrl-C stops the wait: the endpoints are gone and nothing more is written.
    const ended = await Promise.race([session, interrupt.quit]);
    if (typeof ended === "number") {
      session.catch(() => {});
      return ended;
    }
    if (profiler !== null) {
      profiler.attach(ended);
      await writeResultsFile(outDir, ended);
    }
    return await finish(ended, outDir, options, quiet);
  } finally {
    progress.stop();
    interrupt.stop();
  }
}

/** The folder of `--resume` (checked), or `null` for a new run. */
function resumeFolder(files: string[], options: RunCliOptions): string | null {
  if (!options.resume) return null;
  const dir = userPath(options.resume);
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

/** `dir`, unless it already holds a run (which only `--resume` may continue). */
function newRunFolder(dir: string): string {
  let taken = false;
  try {
    Deno.statSync(journalPath(dir));
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
  else console.log("\n" + formatTable(results, { color: colorFor(Deno.stdout) }));
  if (!options.json) {
    console.log(`\nresults: ${outDir}/results.json`);
    if (htmlPath) console.log(`report:  ${htmlPath}`);
  }
  if (results.interrupted) return INTERRUPTED;
  return results.cases.some((c) => c.failures.length > 0) ? 1 : 0;
}
