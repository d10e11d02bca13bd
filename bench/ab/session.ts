/**
 * The A/B session: one plan, two versions, interleaved run by run. Every case appears once per
 * version in each round, the two as one block (`planRuns`' paired design): rounds and blocks are
 * shuffled, and so is the order of the two versions inside each block. Whatever the machine does
 * over the session — a neighbour waking up, a thermal step, a slow minute of a shared runner —
 * falls on both versions alike, which a comparison of two runs made apart cannot promise.
 *
 * Each version's outcomes go to its own results (`base/results.json`, `head/results.json`), the
 * same format as a `run`'s, so `compare`, `report` and `merge` read them. There is no journal: an
 * A/B check is rerun, not resumed (a resumed side would mix with the other's new machine state).
 *
 * @module
 */
import { type PlannedRun, planRuns } from "../plan.ts";
import { emptyResults, finalizeResults, recordOutcome, writeResultsFile } from "../results.ts";
import { type RunFunction, runOnce, type RunOptions, type RunOutcome } from "../runner.ts";
import type { PlanEntry } from "../journal.ts";
import type { Case, Results, ScenarioInfo, SystemInfo } from "../../model/types.ts";
import type { Side } from "./versions.ts";

/** One version's part of the session. */
export interface AbSide {
  /** Its cases: the plan's, in the same order (a base writer command may differ). */
  cases: Case[];
  /** Its run options (`endpointDir` for another checkout's endpoints). */
  runOptions: Omit<RunOptions, "signal">;
  /** Its output folder (created): results.json goes there. */
  outDir: string;
  /** Its run id. */
  runId: string;
}

/** What an A/B session needs. */
export interface AbOptions {
  /** Both versions. */
  sides: Record<Side, AbSide>;
  /** The scenarios of the cases. */
  scenarios: ScenarioInfo[];
  /** Seed of the order and of the bootstrap. */
  seed: number;
  /** Recorded run options. */
  options: Results["options"];
  /** System metadata at the start. */
  system: SystemInfo;
  /** Stops after the current run. */
  signal?: AbortSignal;
  /** Reads the load average at the end. */
  loadAverageNow?: () => number[] | null;
  /** Progress: the case given is named with its side (`write_read [base]`). */
  events?: {
    runStarting?(run: PlannedRun, total: number, c: Case): void;
    runFinished?(run: PlannedRun, total: number, c: Case, outcome: RunOutcome): void;
  };
  /** Runs one case once (default `runOnce`); tests give a fake one. */
  run?: RunFunction;
}

/** One entry of the interleaved plan: a case of one side. */
interface Slot {
  side: Side;
  caseIndex: number;
  c: Case;
}

const SIDES: readonly Side[] = ["base", "head"];

/**
 * The interleaved plan: the slots (case × side) and `planRuns` over them, each case's two slots
 * one block. Exported for its test.
 */
export function abPlan(cases: Record<Side, Case[]>, seed: number): { slots: Slot[]; runs: PlannedRun[] } {
  if (cases.base.length !== cases.head.length) throw new Error("both versions must run the same cases");
  const slots = cases.head.flatMap((_, caseIndex) =>
    SIDES.map((side) => ({ side, caseIndex, c: cases[side][caseIndex] }))
  );
  // Slots as stand-in cases (distinct objects), so that the block key is the case's index.
  const stand = slots.map((slot) => ({ ...slot.c }));
  const block = new Map(stand.map((c, i) => [c, String(slots[i].caseIndex)]));
  return { slots, runs: planRuns(stand, seed, (c) => block.get(c)!) };
}

/**
 * Runs both versions interleaved and writes each side's `results.json` (also when interrupted:
 * `interrupted` is then set in both). Failed runs are recorded and the plan goes on.
 */
export async function runAb(options: AbOptions): Promise<Record<Side, Results>> {
  const cases = { base: options.sides.base.cases, head: options.sides.head.cases };
  const { slots, runs } = abPlan(cases, options.seed);
  const startedAt = new Date().toISOString();
  const results = {} as Record<Side, Results>;
  for (const side of SIDES) {
    const own = options.sides[side];
    await Deno.mkdir(own.outDir, { recursive: true });
    const plan: PlanEntry = {
      type: "plan",
      runId: own.runId,
      startedAt,
      seed: options.seed,
      options: options.options,
      system: structuredClone(options.system),
      scenarios: options.scenarios,
      cases: own.cases,
      runs: runs.filter((r) => slots[r.caseIndex].side === side)
        .map((r) => [slots[r.caseIndex].caseIndex, r.repetition, r.warmup]),
    };
    results[side] = emptyResults(plan);
  }
  const run = options.run ?? runOnce;
  let interrupted = false;
  for (const planned of runs) {
    if (options.signal?.aborted) break;
    const { side, caseIndex, c } = slots[planned.caseIndex];
    const shown: Case = { ...c, id: `${c.id} [${side}]`, name: `${c.name} [${side}]` };
    options.events?.runStarting?.(planned, runs.length, shown);
    const outcome = await run(c.params, { ...options.sides[side].runOptions, signal: options.signal });
    options.events?.runFinished?.(planned, runs.length, shown, outcome);
    if (options.signal?.aborted) break;
    if (planned.warmup) continue;
    // `run` is the index in the interleaved plan: it orders both sides' samples on one time line.
    recordOutcome(
      results[side],
      caseIndex,
      outcome.ok
        ? { sample: { ...outcome.sample, run: planned.index, repetition: planned.repetition } }
        : { failure: { ...outcome.failure, run: planned.index } },
    );
  }
  interrupted = options.signal?.aborted ?? false;
  const finishedAt = new Date().toISOString();
  const loadAverageEnd = options.loadAverageNow?.() ?? null;
  for (const side of SIDES) {
    const own = results[side];
    own.finishedAt = finishedAt;
    own.interrupted = interrupted;
    own.system.loadAverage.end = loadAverageEnd;
    finalizeResults(own);
    await writeResultsFile(options.sides[side].outDir, own);
  }
  return results;
}
