/**
 * A benchmark session: plans the runs of a set of cases, executes them one at a time, journals
 * every outcome as it lands, and returns the finished results. It never renders anything: the
 * caller watches through {@link SessionEvents} and renders the results it gets back.
 *
 * @module
 */
import { type PlannedRun, planRuns } from "./plan.ts";
import {
  emptyResults,
  finalizeResults,
  type JournalEntry,
  openJournal,
  recordOutcome,
  writeResultsFile,
} from "./results.ts";
import { runOnce, type RunOptions, type RunOutcome } from "./runner.ts";
import type { Case, Results, ScenarioInfo, SystemInfo } from "./types.ts";

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
  const plan = planRuns(options.cases, options.seed);
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
  };
  const results = emptyResults(structuredClone(planEntry));
  const journal = openJournal(options.outDir);
  let interrupted = false;
  try {
    journal.append(planEntry);
    for (const run of plan) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const c = options.cases[run.caseIndex];
      options.events?.runStarting?.(run, plan.length, c);
      const outcome = await runOnce(c.params, { ...options.runOptions, signal: options.signal });
      if (options.signal?.aborted) {
        interrupted = true;
        options.events?.runFinished?.(run, plan.length, c, outcome);
        break;
      }
      options.events?.runFinished?.(run, plan.length, c, outcome);
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
    results.finishedAt = end.finishedAt;
    results.interrupted = interrupted;
    results.system.loadAverage.end = end.loadAverageEnd;
  } finally {
    journal.close();
  }
  finalizeResults(results);
  await writeResultsFile(options.outDir, results);
  return results;
}
