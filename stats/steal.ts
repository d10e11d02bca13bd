/**
 * The steal spike rule, defined once: a run during which the hypervisor took at least
 * {@linkcode STEAL_SPIKE} (5%) of all CPUs' time is flagged `noise.stealSpike` (bench/noise.ts),
 * and a sample so flagged counts as run during a spike wherever runs are counted (a case's
 * warning in bench/results.ts, the host line of a comparison in stats/compare.ts, the timeline
 * chart). Pure: `bench/` and `stats/` both import it (`stats/` may not import `bench/`).
 *
 * @module
 */
import { STEAL_SPIKE } from "../model/results-schema.ts";
import type { RunNoise } from "../model/types.ts";

export { STEAL_SPIKE };

/**
 * Whether a run's steal (share of all CPUs' time, 0–1; `null` when it could not be read) is a
 * spike.
 *
 * @example
 * ```ts
 * isStealSpike(0.05); // true
 * isStealSpike(null); // false
 * ```
 */
export function isStealSpike(steal: number | null): boolean {
  return steal !== null && steal >= STEAL_SPIKE;
}

/** Whether a sample ran during a steal spike: its noise says so (a sample without noise did not). */
export function ranInStealSpike(sample: { noise?: RunNoise }): boolean {
  return sample.noise?.stealSpike === true;
}

/** How many of `samples` ran during a steal spike. */
export function stealSpikes(samples: readonly { noise?: RunNoise }[]): number {
  return samples.filter(ranInStealSpike).length;
}
