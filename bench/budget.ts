/**
 * What a round costs, so that `maxTime` is a budget for the whole command (bench/precision.ts): a
 * round added for precision starts only when the time spent so far plus what the round is
 * expected to take stays within it, instead of starting at 164 s of a 165 s budget and ending
 * ten seconds later.
 *
 * The expectation comes from the measured steps so far (warm-up steps are left out: they pay
 * the first start of everything). A session of turns costs the time outside its measured blocks
 * (fresh processes, their warm-up, the switches, the teardown) plus each pair's measured time; a
 * run on its own costs its whole wall time. Each part is the longest seen, so the guess errs on
 * the long side: a budget may be left partly unused, not overrun.
 *
 * Across an interruption (`run --resume`) the budget goes on: it counts the time the earlier
 * commands spent (each journal end line records the budget spent so far) plus the resumed
 * command's own time, not the pause between them; the expectation starts from the steps the
 * journal holds ({@linkcode journalCosts}).
 *
 * @module
 */
import type { JournalEntry } from "./journal.ts";

/** One measured step as it happened: a run on its own, or a session of turns. */
export interface StepCost {
  /** A session of turns. */
  turns: boolean;
  /** Wall-clock seconds of the whole step. */
  wallSeconds: number;
  /** Each sample of the step: its case, its measured seconds and its own wall seconds. */
  samples: readonly { caseIndex: number; seconds: number; wallSeconds: number }[];
}

/** The longest of each part seen so far. */
export class RoundCosts {
  #sessionOverhead: number | null = null;
  #turnSeconds = new Map<number, number>();
  #runSeconds = new Map<number, number>();

  /** Records a measured step. */
  record(step: StepCost): void {
    if (step.samples.length === 0) return;
    if (step.turns) {
      const measured = step.samples.reduce((sum, s) => sum + s.seconds, 0);
      this.#sessionOverhead = Math.max(this.#sessionOverhead ?? 0, step.wallSeconds - measured);
      for (const s of step.samples) longest(this.#turnSeconds, s.caseIndex, s.seconds);
    } else {
      for (const s of step.samples) longest(this.#runSeconds, s.caseIndex, step.wallSeconds);
    }
  }

  /**
   * Seconds a round of these cases is expected to take (`turns(i)`: whether case `i` takes turns);
   * a case not measured yet counts as the longest case of its kind, `null` when nothing of its
   * kind was measured at all.
   */
  estimate(caseIndexes: readonly number[], turns: (caseIndex: number) => boolean): number | null {
    const inTurns = caseIndexes.filter(turns);
    const inRuns = caseIndexes.filter((i) => !turns(i));
    let seconds = 0;
    if (inTurns.length > 0) {
      if (this.#sessionOverhead === null) return null;
      for (const i of inTurns) seconds += this.#turnSeconds.get(i) ?? Math.max(...this.#turnSeconds.values());
      seconds += this.#sessionOverhead;
    }
    for (const i of inRuns) {
      const known = this.#runSeconds.get(i) ??
        (this.#runSeconds.size > 0 ? Math.max(...this.#runSeconds.values()) : null);
      if (known === null) return null;
      seconds += known;
    }
    return seconds;
  }
}

function longest(map: Map<number, number>, key: number, value: number): void {
  map.set(key, Math.max(map.get(key) ?? 0, value));
}

/** The entries after a journal's plan line. */
type Entries = readonly Exclude<JournalEntry, { type: "plan" }>[];

/**
 * Seconds of the budget the commands of a journal spent: the last end line's `budgetSeconds`
 * (the budget spent up to it), plus what came after it. Where an end line lacks it (a journal
 * written before it was recorded) or a command left none (killed), the measured steps tell:
 * from the plan's start (first command) or the first step (a resumed one) to the end line, or
 * to the end of the last step journaled.
 */
export function spentSeconds(planStartedAt: string, entries: Entries): number {
  let spent = 0;
  let from: number | null = 0; // the first command counts from the plan's start
  let to: number | null = null;
  for (const entry of entries) {
    if (entry.type === "sample") {
      const { startedAtSeconds: start, wallSeconds } = entry.sample;
      if (typeof start !== "number") continue;
      from ??= start;
      to = Math.max(to ?? start, start + wallSeconds);
    } else if (entry.type === "end") {
      const recorded = (entry as { budgetSeconds?: unknown }).budgetSeconds;
      if (typeof recorded === "number" && Number.isFinite(recorded)) spent = recorded;
      else {
        const end = (Date.parse(entry.finishedAt) - Date.parse(planStartedAt)) / 1000;
        if (Number.isFinite(end)) spent += Math.max(0, end - (from ?? end));
      }
      from = null;
      to = null;
    }
  }
  if (to !== null) spent += Math.max(0, to - (from ?? to));
  return spent;
}

/**
 * The costs of the measured steps a journal holds, so that a resumed run's first added round is
 * judged like the others. A step is the samples that share a start (`startedAtSeconds`); it lasted
 * until the next step of the same command started (warm-up steps between included: the guess errs
 * long), or, the last one, its sample's own wall time (a run on its own; a session of turns left
 * last is not counted). `caseIndex(id)` is -1 for a case not in the plan; `turns(i)` whether case
 * `i` takes turns.
 */
export function journalCosts(
  entries: Entries,
  caseIndex: (caseId: string) => number,
  turns: (caseIndex: number) => boolean,
): RoundCosts {
  const costs = new RoundCosts();
  const segments: { start: number; samples: StepCost["samples"][number][] }[][] = [[]];
  for (const entry of entries) {
    if (entry.type === "end") segments.push([]);
    if (entry.type !== "sample" || typeof entry.sample.startedAtSeconds !== "number") continue;
    const index = caseIndex(entry.caseId);
    if (index < 0) continue;
    const steps = segments[segments.length - 1];
    const { startedAtSeconds: start, seconds, wallSeconds } = entry.sample;
    if (steps.at(-1)?.start !== start) steps.push({ start, samples: [] });
    steps[steps.length - 1].samples.push({ caseIndex: index, seconds, wallSeconds });
  }
  for (const steps of segments) {
    steps.forEach((step, i) => {
      const inTurns = turns(step.samples[0].caseIndex);
      const next = steps[i + 1]?.start;
      if (next === undefined && inTurns) return;
      const wallSeconds = next === undefined ? step.samples[0].wallSeconds : next - step.start;
      costs.record({ turns: inTurns, wallSeconds, samples: step.samples });
    });
  }
  return costs;
}
