/**
 * The ratio of a case's median on one machine to its median on the first machine, which the
 * merged page and summary both show.
 *
 * @module
 */
import type { MergedCase } from "../../stats/compare.ts";

/** median(machine) / median(first machine), or `null` when either is missing. */
export function ratioToFirst(c: MergedCase, index: number): number | null {
  const first = c.perMachine[0];
  const other = c.perMachine[index];
  return first === null || other === null || first.median === 0 ? null : other.median / first.median;
}
