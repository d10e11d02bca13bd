/**
 * A benchmark session: plans the runs of a set of cases, executes them one at a time, journals
 * every outcome as it lands, and returns the finished results. It never renders anything: the
 * caller watches through {@link SessionEvents} and renders the results it gets back.
 *
 * @module
 */
import { type PlannedRun, planRuns } from "./plan.ts";
import {
  applyEntry,
  emptyResults,
  finalizeResults,
  type JournalEntry,
  openJournal,
  recordOutcome,
  writeResultsFile,
} from "./results.ts";
import { runOnce, type RunOptions, type RunOutcome } from "./runner.ts";
import type { Case, Results, ScenarioInfo, SystemInfo } from "../model/types.ts";

/** What a session needs. */
export interface SessionOptions {
  /** Cases to run (already filtered / quick-adjusted). */
  cases: Case[];
  /** The scenarios they come from. */
  scenarios: ScenarioInfo[];
  /** Output folder (created). */
  outDir: string;
  /** Run id recorded in the results. */
  runId: string;
  /** Seed of the plan order and bootstrap. */
  seed: number;
  /** Recorded run options. */
  options: Results["options"];
  /** System metadata at the start. */
  system: SystemInfo;
  /** Stops after the current run (which is killed). */
  signal?: AbortSignal;
  /** Passed to every run. */
  runOptions?: Omit<RunOptions, "signal">;
  /** Cases with the same key run back to back in each round (see `planRuns`). */
  blockOf?: (c: Case) => string;
  /** Reads the load average at the end (injected so the engine stays testable). */
  loadAverageNow?: () => number[] | null;
  /** Progress callbacks. */
  events?: SessionEvents;
}

/** Progress callbacks of a session. */
export interface SessionEvents {
  /** Before a run starts. */
  runStarting?(run: PlannedRun, total: number, c: Case): void;
  /** After a run finished (warm-up runs included, flagged by `run.warmup`). */
  runFinished?(run: PlannedRun, total: number, c: Case, outcome: RunOutcome): void;
}

/**
 * Runs a whole plan and writes `journal.ndjson` (as it goes) and `results.json` (at the end, and
 * also when interrupted). Failed runs are recorded and the plan goes on.
 */
export async function runSession(options: SessionOptions): Promise<Results> {
  await Deno.mkdir(options.outDir, { recursive: true });
  if (await exists(`${options.outDir}/journal.ndjson`)) {
    throw new Error(`${options.outDir} already holds a run (journal.ndjson): resume it, or choose another folder`);
  }
  const plan = planRuns(options.cases, options.seed, options.blockOf);
  const planEntry: Extract<JournalEntry, { type: "plan" }> = {
    type: "plan",
    runId: options.runId,
    startedAt: new Date().toISOString(),
    seed: options.seed,
    options: options.options,
    system: options.system,
    scenarios: options.scenarios,
    cases: options.cases,
    runs: plan.map((run) => [run.caseIndex, run.repetition, run.warmup]),
    runOptions: {
      warmupBytes: options.runOptions?.warmupBytes,
      timeoutSeconds: options.runOptions?.timeoutSeconds,
      traceFastPath: options.runOptions?.traceFastPath,
    },
  };
  const results = emptyResults(structuredClone(planEntry));
  const journal = openJournal(options.outDir);
  try {
    journal.append(planEntry);
  } catch (error) {
    journal.close();
    throw error;
  }
  return await execute(plan, options.cases, results, journal, options);
}

/** What resuming needs besides the journal: where, and how to watch and stop. */
export type ResumeOptions = Pick<SessionOptions, "outDir" | "signal" | "runOptions" | "loadAverageNow" | "events">;

/**
 * Finishes an interrupted run (Ctrl-C, a crash, a `kill -9`) from its `journal.ndjson`: the
 * measured runs already journaled are kept, the others run now — preceded by the warm-up runs of
 * their cases — and go to the same journal and results.
 */
export async function resumeSession(options: ResumeOptions): Promise<Results> {
  const path = `${options.outDir}/journal.ndjson`;
  let text = await Deno.readTextFile(path);
  if (!text.endsWith("\n")) {
    // The runner died mid-line: drop the fragment so the next entry starts on a line of its own.
    text = text.slice(0, text.lastIndexOf("\n") + 1);
    await Deno.truncate(path, new TextEncoder().encode(text).length);
  }
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const all: JournalEntry[] = lines.map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`${path}: line ${i + 1} is not JSON`);
    }
  });
  // The last plan is the run to finish; anything before it belongs to an older run.
  const start = all.findLastIndex((entry) => entry.type === "plan");
  if (start < 0) throw new Error(`${path}: no plan line: not a pipespeed journal`);
  const planEntry = all[start] as Extract<JournalEntry, { type: "plan" }>;
  const entries = all.slice(start);
  const results = emptyResults(structuredClone(planEntry));
  const done = new Set<number>();
  for (const entry of entries.slice(1)) {
    if (entry.type === "sample") done.add(entry.sample.run);
    if (entry.type === "failure") done.add(entry.failure.run);
    if (entry.type !== "end") applyEntry(results, entry);
  }
  const planned: PlannedRun[] = planEntry.runs.map(([caseIndex, repetition, warmup], index) => ({
    index,
    caseIndex,
    repetition,
    warmup,
  }));
  const pending = new Set(planned.filter((run) => !run.warmup && !done.has(run.index)).map((run) => run.caseIndex));
  const remaining = planned.filter((run) => run.warmup ? pending.has(run.caseIndex) : !done.has(run.index));
  const journal = openJournal(options.outDir);
  // The original run's settings, unless the caller sets them anew.
  const given = Object.fromEntries(Object.entries(options.runOptions ?? {}).filter(([, v]) => v !== undefined));
  const runOptions = { ...planEntry.runOptions, ...given };
  return await execute(remaining, planEntry.cases, results, journal, { ...options, runOptions });
}

/** Runs `runs` in order, journaling each measured outcome; then the end line and results.json. */
async function execute(
  runs: PlannedRun[],
  cases: Case[],
  results: Results,
  journal: ReturnType<typeof openJournal>,
  options: ResumeOptions,
): Promise<Results> {
  let interrupted = false;
  try {
    for (const run of runs) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const c = cases[run.caseIndex];
      options.events?.runStarting?.(run, runs.length, c);
      const outcome = await runOnce(c.params, { ...options.runOptions, signal: options.signal });
      options.events?.runFinished?.(run, runs.length, c, outcome);
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (run.warmup) continue;
      const entry = outcome.ok
        ? recordOutcome(results, run.caseIndex, {
          sample: { run: run.index, repetition: run.repetition, ...outcome.sample },
        })
        : recordOutcome(results, run.caseIndex, { failure: { run: run.index, ...outcome.failure } });
      journal.append(entry);
    }
    const end: JournalEntry = {
      type: "end",
      finishedAt: new Date().toISOString(),
      interrupted,
      loadAverageEnd: options.loadAverageNow?.() ?? null,
    };
    journal.append(end);
    applyEntry(results, end);
  } finally {
    journal.close();
  }
  finalizeResults(results);
  await writeResultsFile(options.outDir, results);
  return results;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
