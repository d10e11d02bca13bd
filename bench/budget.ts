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
 * @module
 */

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
