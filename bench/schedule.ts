/**
 * The `schedule` of a plan's runs (docs/schedules.md). The plan is the same for both schedules —
 * rounds, round `r` holding repetition `r` of every case, each round in a seeded shuffled order
 * (bench/plan.ts) — and so are the journal and the results; what differs is how a round runs:
 *
 * - `runs`: each run on its own, one writer/reader pair after the other (bench/runner.ts);
 * - `turns`: the round's `turns` cases run as one session of turns (bench/_turns.ts), in the
 *   round's order; each yields one sample (or failure) with the round's repetition. Cases with an
 *   external command, a consumer thread (socket sink, tee) or `measure: latency` cannot hold the
 *   token: they run on their own, as in `runs`, with a note.
 *
 * @module
 */
import { takesTurns, turnsObstacle } from "../model/turns.ts";
import type { Case, CaseParams } from "../model/types.ts";
import type { PlannedRun } from "./plan.ts";
import type { RunFunction, RunOptions, RunOutcome } from "./runner.ts";

/**
 * Runs one session of turns over cases keyed by the caller and returns each one's outcome by key
 * (`runTurnsSession` of bench/_turns.ts, or a stand-in in tests).
 */
export type TurnsFunction = (
  cases: readonly { key: number; params: CaseParams }[],
  options: RunOptions,
) => Promise<Map<number, RunOutcome>>;

export { takesTurns };

/** A step of the schedule: one run on its own, or a session of turns over several runs. */
export interface Step {
  /** The planned runs of the step (one for a run on its own). */
  runs: PlannedRun[];
  /** A session of turns. */
  turns: boolean;
}

/**
 * The steps of `runs` (in plan order, as {@link remainingRuns} keeps it): each round's runs of
 * cases that take turns gather into one session, at the place of the first of them; every other
 * run is a step of its own.
 */
export function scheduleSteps(runs: readonly PlannedRun[], cases: readonly Case[]): Step[] {
  const steps: Step[] = [];
  let session: Step | null = null;
  let round = "";
  for (const run of runs) {
    const key = `${run.warmup}:${run.repetition}`;
    if (key !== round) {
      round = key;
      session = null;
    }
    if (!takesTurns(cases[run.caseIndex])) {
      steps.push({ runs: [run], turns: false });
    } else if (session === null) {
      session = { runs: [run], turns: true };
      steps.push(session);
    } else session.runs.push(run);
  }
  return steps;
}

/** The one-line notes for cases that ask for turns and cannot take them. */
export function scheduleNotes(cases: readonly Case[]): string[] {
  return cases.filter((c) => c.params.schedule === "turns" && !takesTurns(c)).map((c) =>
    `${c.name}: ${turnsObstacle(c)}; measured in independent runs`
  );
}

/** Runs a step; calls `each` with every run's outcome as it lands (a session's in the order they finish). */
export async function runStep(
  step: Step,
  cases: readonly Case[],
  options: RunOptions,
  functions: { run: RunFunction; turns: TurnsFunction },
  each: (run: PlannedRun, outcome: RunOutcome) => void,
): Promise<void> {
  if (!step.turns) {
    const [run] = step.runs;
    each(run, await functions.run(cases[run.caseIndex].params, options));
    return;
  }
  const byIndex = new Map(step.runs.map((run) => [run.index, run]));
  const outcomes = await functions.turns(
    step.runs.map((run) => ({ key: run.index, params: cases[run.caseIndex].params })),
    options,
  );
  for (const [index, outcome] of outcomes) each(byIndex.get(index)!, outcome);
}
