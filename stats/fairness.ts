/**
 * How evenly several endpoints shared a pipe: Jain's fairness index and the ratio of the smallest
 * share to the largest (pure functions, no I/O).
 *
 * @module
 */

/**
 * Fairness of one side's shares: each endpoint's bytes over one span common to all of them (rates
 * over spans of their own would make an endpoint that stopped early look fast).
 */
export interface Fairness {
  /**
   * Jain's index, `(Σx)² / (n·Σx²)`: 1 when every endpoint moved as much as the others, `1/n` when
   * one moved everything (R. Jain, D. Chiu, W. Hawe, DEC-TR-301, 1984).
   */
  jain: number;
  /** The smallest share over the largest: 1 when even, 0 when one moved nothing. */
  minToMax: number;
}

/**
 * The fairness of `values` (each endpoint's share, none negative); 1 and 1 for a single
 * endpoint, or when none moved anything.
 *
 * @example
 * ```ts
 * fairness([1, 1]).jain; // 1
 * fairness([1, 0]).jain; // 0.5
 * ```
 */
export function fairness(values: readonly number[]): Fairness {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = 0;
  for (const value of values) {
    sum += value;
    squares += value * value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (values.length === 0 || max === 0) return { jain: 1, minToMax: 1 };
  return { jain: sum * sum / (values.length * squares), minToMax: min / max };
}
