/**
 * The plan of a run: every warm-up and measured run of every case, in the order they will run.
 *
 * Runs are grouped in rounds — round `r` holds repetition `r` of every case that has one — and
 * each round is shuffled with a seeded generator. Drift on a noisy machine (thermal, a neighbour
 * waking up) then spreads over all cases instead of biasing the ones that happened to run last,
 * and the same seed gives the same order.
 *
 * @module
 */
import { DEFAULT_ROUND_TRIPS } from "../model/fields.ts";
import { latencyPlan } from "../model/latency.ts";
import { seededRandom, shuffle } from "../stats/random.ts";
import type { Case } from "../model/types.ts";

/** One run of the plan. */
export interface PlannedRun {
  /** Position in the plan (0-based). */
  index: number;
  /** Index of the case in the list given to {@link planRuns}. */
  caseIndex: number;
  /** Repetition number within its kind (warm-up or measured), 0-based. */
  repetition: number;
  /** A warm-up run: executed, then discarded. */
  warmup: boolean;
}

/**
 * Plans the runs of `cases`: all warm-up rounds first, then the measured rounds, each round
 * shuffled with `seed`. With `blockOf`, cases with the same block key run back to back within a
 * round (blocks in shuffled order, shuffled inside): a paired design, so that two variants of a
 * case meet the same machine state and their per-round ratio cancels slow drift.
 *
 * @example
 * ```ts
 * const runs = planRuns(cases, 42);
 * console.log(runs.length); // Σ (warmup + repetitions)
 * ```
 */
export function planRuns(cases: readonly Case[], seed: number, blockOf?: (c: Case) => string): PlannedRun[] {
  const random = seededRandom(seed);
  const runs: PlannedRun[] = [];
  const order = (members: number[]): number[] => {
    if (blockOf === undefined) return shuffle(members, random);
    const blocks = new Map<string, number[]>();
    for (const caseIndex of members) {
      const key = blockOf(cases[caseIndex]);
      blocks.set(key, [...blocks.get(key) ?? [], caseIndex]);
    }
    return shuffle([...blocks.values()], random).flatMap((block) => shuffle(block, random));
  };
  const rounds = (count: (c: Case) => number, warmup: boolean) => {
    const most = Math.max(0, ...cases.map(count));
    for (let repetition = 0; repetition < most; repetition++) {
      const members = cases.flatMap((c, caseIndex) => repetition < count(c) ? [caseIndex] : []);
      for (const caseIndex of order(members)) {
        runs.push({ index: runs.length, caseIndex, repetition, warmup });
      }
    }
  };
  rounds((c) => c.params.warmup, true);
  rounds((c) => c.params.repetitions, false);
  return runs;
}

/** The plan recorded in a journal (`[caseIndex, repetition, warmup]` per run) as planned runs. */
export function plannedRuns(runs: readonly (readonly [number, number, boolean])[]): PlannedRun[] {
  return runs.map(([caseIndex, repetition, warmup], index) => ({ index, caseIndex, repetition, warmup }));
}

/**
 * What is left of `plan` once the measured runs in `done` (plan indexes) are: every measured run
 * not done, in plan order, with the warm-up runs of the cases that still have one — a resumed
 * case warms up again, as the machine has moved on since its first warm-up.
 */
export function remainingRuns(plan: readonly PlannedRun[], done: ReadonlySet<number>): PlannedRun[] {
  const pending = new Set(plan.filter((run) => !run.warmup && !done.has(run.index)).map((run) => run.caseIndex));
  return plan.filter((run) => run.warmup ? pending.has(run.caseIndex) : !done.has(run.index));
}

/** The smoke-test form of a case: 64 MiB (or 1000 round trips) per run, one repetition, no warm-up run, no duration. */
export function quickCase(c: Case): Case {
  return {
    ...c,
    // One sample of each case, nothing added for a precision target: a smoke run.
    params: {
      ...c.params,
      bytes: Math.min(c.params.bytes, QUICK_BYTES),
      duration: 0,
      repetitions: 1,
      warmup: 0,
      precision: null,
      // Latency (issue 18): a smoke run's worth of round trips.
      ...(c.params.measure === "latency"
        ? c.params.rate !== null && c.params.rate !== undefined
          // One way (a rate): as many messages, however high the rate.
          ? { messages: Math.min(latencyPlan(c.params).roundTrips, QUICK_ROUND_TRIPS) }
          : { roundTrips: Math.min(c.params.roundTrips ?? DEFAULT_ROUND_TRIPS, QUICK_ROUND_TRIPS) }
        : {}),
    },
  };
}

/** Round trips per run of a latency case in `--quick` mode. */
export const QUICK_ROUND_TRIPS = 1000;

/** Bytes per run in `--quick` mode. */
export const QUICK_BYTES = 64 * 1024 * 1024;
