/**
 * A benchmark session: plans the runs of a set of cases, executes them one at a time, journals
 * every outcome as it lands, and returns the finished results. It never renders anything: the
 * caller watches through {@link SessionEvents} and renders the results it gets back.
 *
 * The session schedules; it does not run processes itself: each run goes through a
 * {@link RunFunction} (`runOnce` unless the caller gives another), so plans, resuming and
 * interruption can be exercised with a fake one.
 *
 * @module
 */
import {
  type JournalEntry,
  journalPath,
  type JournalWriter,
  openJournal,
  type PlanEntry,
  reopenJournal,
} from "./journal.ts";
import { type PlannedRun, plannedRuns, planRuns, remainingRuns } from "./plan.ts";
import {
  applyEntry,
  emptyResults,
  finalizeResults,
  recordOutcome,
  replayJournal,
  writeResultsFile,
} from "./results.ts";
import { type RunFunction, runOnce, type RunOptions, type RunOutcome } from "./runner.ts";
import { runStep, scheduleSteps, takesTurns, type TurnsFunction } from "./schedule.ts";
import { journalCosts, RoundCosts, spentSeconds, type StepCost } from "./budget.ts";
import { runTurnsSession } from "./_turns.ts";
import { extraRound, recordPrecision } from "./precision.ts";
import { noiseSnapshot, runNoise } from "./noise.ts";
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
  /** Runs one case once (default {@link runOnce}); tests give a fake one. */
  run?: RunFunction;
  /** Runs a session of turns (default `runTurnsSession`, bench/_turns.ts); tests give a fake one. */
  turns?: TurnsFunction;
  /**
   * When `maxTime` started counting, as a `performance.now()` reading: the command's start for
   * `run` (0), so that the budget holds for the whole command; default: the session's start.
   */
  budgetStartedAt?: number;
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
  if (await exists(journalPath(options.outDir))) {
    throw new Error(`${options.outDir} already holds a run (journal.ndjson): resume it, or choose another folder`);
  }
  const plan = planRuns(options.cases, options.seed, options.blockOf);
  const planEntry: PlanEntry = {
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
export type ResumeOptions =
  & Pick<
    SessionOptions,
    "outDir" | "signal" | "runOptions" | "loadAverageNow" | "events" | "run" | "turns" | "budgetStartedAt"
  >
  & {
    /**
     * Runs again the measured runs that failed (default `true`), each at most
     * {@link MAX_ATTEMPTS} times over all resumes: a run that failed for a passing reason (a
     * limit lowered, then restored) gets its sample; one that always fails stops being retried.
     */
    retryFailed?: boolean;
  };

/** Attempts of one planned run, over the first run and every resume, before its failure stands. */
export const MAX_ATTEMPTS = 3;

/**
 * Finishes an interrupted run (Ctrl-C, a crash, a `kill -9`) from its `journal.ndjson`: the
 * measured runs already journaled are kept, the others run now — preceded by the warm-up runs of
 * their cases — and go to the same journal and results.
 */
export async function resumeSession(options: ResumeOptions): Promise<Results> {
  const journal = await reopenJournal(options.outDir);
  const results = replayJournal(journal);
  const done = new Set<number>();
  const attempts = new Map<number, number>();
  for (const entry of journal.entries) {
    if (entry.type === "sample") done.add(entry.sample.run);
    if (entry.type === "failure") attempts.set(entry.failure.run, (attempts.get(entry.failure.run) ?? 0) + 1);
  }
  for (const [run, count] of attempts) {
    if (options.retryFailed === false || count >= MAX_ATTEMPTS) done.add(run);
  }
  const remaining = remainingRuns(plannedRuns(journal.plan.runs), done);
  const writer = openJournal(options.outDir, true);
  // The original run's settings, unless the caller sets them anew.
  const given = Object.fromEntries(Object.entries(options.runOptions ?? {}).filter(([, v]) => v !== undefined));
  const runOptions = { ...journal.plan.runOptions, ...given };
  const cases = journal.plan.cases;
  // maxTime goes on across the interruption: the time the earlier commands spent counts, the pause
  // between them does not, and the steps journaled tell what a round costs (bench/budget.ts).
  const carried: Carried = {
    spentSeconds: spentSeconds(journal.plan.startedAt, journal.entries),
    costs: journalCosts(
      journal.entries,
      (id) => cases.findIndex((c) => c.id === id),
      (i) => takesTurns(cases[i]),
    ),
    unfinished: results.finishedAt === null || results.interrupted,
  };
  return await execute(remaining, cases, results, writer, { ...options, runOptions }, carried);
}

/** What a resumed run carries over from its journal. */
interface Carried {
  /** Seconds of the budget the earlier commands spent. */
  spentSeconds: number;
  /** What the journaled steps cost. */
  costs: RoundCosts;
  /**
   * The run was interrupted (or killed): its precision rounds go on even when every planned run is
   * journaled. A run that ended on its own had stopped adding rounds for a reason that still holds.
   */
  unfinished: boolean;
}

/** Runs `runs` in order, journaling each measured outcome; then the end line and results.json. */
async function execute(
  runs: PlannedRun[],
  cases: Case[],
  results: Results,
  journal: JournalWriter,
  options: ResumeOptions,
  carried?: Carried,
): Promise<Results> {
  const functions = { run: options.run ?? runOnce, turns: options.turns ?? runTurnsSession };
  let interrupted = false;
  // Steps by schedule (bench/schedule.ts); after the plan, rounds added for precision (bench/precision.ts).
  const startedAt = (options.budgetStartedAt ?? performance.now()) - (carried?.spentSeconds ?? 0) * 1000;
  const costs = carried?.costs ?? new RoundCosts();
  let total = runs.length;
  let nextIndex = nextRunIndex(runs, results);
  try {
    let steps = scheduleSteps(runs, cases);
    for (let more = steps.length > 0 || carried?.unfinished === true; more && !interrupted;) {
      for (const step of steps) {
        if (options.signal?.aborted) {
          interrupted = true;
          break;
        }
        for (const planned of step.runs) options.events?.runStarting?.(planned, total, cases[planned.caseIndex]);
        // When the step (a run, or a session of turns) started, and the machine's noise over it.
        const startedAtSeconds = Number(((Date.now() - Date.parse(results.startedAt)) / 1000).toFixed(3));
        const before = noiseSnapshot();
        const stepStart = performance.now();
        const measured: StepCost["samples"][number][] = [];
        await runStep(step, cases, { ...options.runOptions, signal: options.signal }, functions, (planned, outcome) => {
          options.events?.runFinished?.(planned, total, cases[planned.caseIndex], outcome);
          if (options.signal?.aborted) interrupted = true;
          if (interrupted || planned.warmup) return;
          if (outcome.ok) {
            const { seconds, wallSeconds } = outcome.sample;
            measured.push({ caseIndex: planned.caseIndex, seconds, wallSeconds });
          }
          const noise = runNoise(before, noiseSnapshot(), options.loadAverageNow?.()?.[0] ?? null);
          const entry = outcome.ok
            ? recordOutcome(results, planned.caseIndex, {
              sample: {
                run: planned.index,
                repetition: planned.repetition,
                ...outcome.sample,
                startedAtSeconds,
                noise,
              },
            })
            : recordOutcome(results, planned.caseIndex, { failure: { run: planned.index, ...outcome.failure } });
          journal.append(entry);
        });
        costs.record({ turns: step.turns, wallSeconds: (performance.now() - stepStart) / 1000, samples: measured });
        if (interrupted) break;
      }
      if (interrupted) break;
      const time = {
        elapsedSeconds: (performance.now() - startedAt) / 1000,
        estimate: (members: readonly number[]) => costs.estimate(members, (i) => takesTurns(cases[i])),
      };
      const extra = extraRound(results, cases, time, nextIndex, results.seed);
      total += extra.length;
      nextIndex += extra.length;
      steps = scheduleSteps(extra, cases);
      more = steps.length > 0;
    }
    // Resuming a finished run with nothing left to do keeps its end (and its finishedAt).
    if (runs.length > 0 || results.finishedAt === null || results.interrupted) {
      const end: JournalEntry = {
        type: "end",
        finishedAt: new Date().toISOString(),
        interrupted,
        loadAverageEnd: options.loadAverageNow?.() ?? null,
        budgetSeconds: Number(((performance.now() - startedAt) / 1000).toFixed(3)),
      };
      journal.append(end);
      applyEntry(results, end);
    }
  } finally {
    journal.close();
  }
  finalizeResults(results);
  recordPrecision(results);
  await writeResultsFile(options.outDir, results);
  return results;
}

/** The index after every run planned or journaled (rounds added for precision are numbered on). */
function nextRunIndex(runs: readonly PlannedRun[], results: Results): number {
  const journaled = results.cases.flatMap((c) => [...c.samples, ...c.failures].map((entry) => entry.run));
  return Math.max(-1, ...runs.map((run) => run.index), ...journaled) + 1;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path); // a link there, even a dangling one, is taken
    return true;
  } catch {
    return false;
  }
}
