/**
 * What a comparison of one case can say before looking at its change: whether the two sides
 * measured the same thing (case parameters other than run counts equal), and whether their sample
 * sizes allow any change to be significant at all.
 *
 * @module
 */
import { fieldEntries, fieldLabel, type FieldName } from "../model/params.ts";
import type { CaseParams } from "../model/types.ts";
import { smallestPossiblePValue } from "./mann-whitney.ts";

/** A case parameter whose value differs between the two runs, as both runs' labels. */
export interface ParamDifference {
  /** The field name (`bytes`, `duration`...). */
  field: string;
  /** Its value in the base run (`1GiB`). */
  base: string;
  /** Its value in the current run (`64MiB`). */
  current: string;
}

/** A field's value as text, `unset` when an older file lacks it. */
function labelOf(name: FieldName, params: CaseParams): string {
  return params[name] === undefined ? "unset" : fieldLabel(name, params);
}

/**
 * The case parameters that differ between two runs of a case, in field order. Run counts
 * (`repetitions`, `warmup`: fields counted in runs) are left out: they change how many samples
 * there are, not what one sample measures.
 *
 * @example
 * ```ts
 * paramDifferences(base.params, quick.params); // [{ field: "bytes", base: "1GiB", current: "64MiB" }, ...]
 * ```
 */
export function paramDifferences(base: CaseParams, current: CaseParams): ParamDifference[] {
  return fieldEntries()
    .filter(([name, spec]) =>
      spec.unit !== "runs" && spec.runCount !== true && JSON.stringify(base[name]) !== JSON.stringify(current[name])
    )
    .map(([name]) => ({ field: name, base: labelOf(name, base), current: labelOf(name, current) }));
}

/** `bytes 1GiB → 64MiB, duration 1s → 0s`. */
export function describeDifferences(differences: readonly ParamDifference[]): string {
  return differences.map((d) => `${d.field} ${d.base} → ${d.current}`).join(", ");
}

/**
 * The smallest equal number of samples per side with which a change can be significant at
 * `alpha` (4 at 0.05: fully separated 4 against 4 give p = 2/70 ≈ 0.029).
 */
export function samplesNeededPerSide(alpha: number): number {
  let n = 1;
  while (smallestPossiblePValue(n, n) >= alpha && n < 1000) n++;
  return n;
}

/**
 * Why no change can be significant with `baseCount` and `currentCount` samples at `alpha`, or
 * `null` when one can: "too few samples: 1 and 5; at least 4 per side are needed".
 */
export function tooFewSamples(baseCount: number, currentCount: number, alpha: number): string | null {
  if (smallestPossiblePValue(baseCount, currentCount) < alpha) return null;
  return `too few samples: ${baseCount} and ${currentCount}; at least ${
    samplesNeededPerSide(alpha)
  } per side are needed`;
}
