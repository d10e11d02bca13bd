/**
 * `verdicts.json`: a comparison's verdicts for machines (a CI step, a bot comment), one object per
 * case with its ratio, interval, p-value and reason, and the cases that could not be matched.
 *
 * @module
 */
import type { Comparison } from "../../stats/compare.ts";
import { shownSummary } from "./verdicts.ts";

/** What each side was, as the caller knows it (`ab`: the version's label and commit). */
export interface VersionNote {
  /** `HEAD 1a2b3c4`, `working tree (1a2b3c4, modified)`. */
  label: string;
  /** The full commit, when known. */
  commit: string | null;
}

/**
 * The text of `verdicts.json`.
 *
 * @example
 * ```ts
 * Deno.writeTextFileSync("out/verdicts.json", verdictsJson(comparison));
 * ```
 */
export function verdictsJson(c: Comparison, versions?: { base: VersionNote; head: VersionNote }): string {
  const document = {
    threshold: c.threshold,
    alpha: c.alpha,
    familyWise: c.familyWise ?? false,
    base: { label: c.base.label, ...versions?.base },
    head: { label: c.current.label, ...versions?.head },
    // A latency case slower in p50 and p99 is one slower case.
    slower: [...new Set(c.cases.filter((item) => item.verdict === "slower").map((item) => item.id))],
    // Without a ratio (an absurd value, `unresolved`) ratio is null; without a test (`unresolved`) p
    // is null, and so is the median of a side that cannot resolve its latency figure (its runs' maximum).
    cases: c.cases.map((item) => ({
      id: item.id,
      name: item.name,
      ...(item.latencyFigure === undefined ? {} : { latencyFigure: item.latencyFigure }),
      verdict: item.verdict,
      ratio: item.ratio,
      ratioLow: item.ratioLow,
      ratioHigh: item.ratioHigh,
      pValue: Number.isFinite(item.pValue) ? item.pValue : null,
      baseMedian: shownSummary(item, "base")?.median ?? null,
      headMedian: shownSummary(item, "current")?.median ?? null,
      reason: item.reason,
    })),
    onlyInBase: c.onlyInBase,
    onlyInHead: c.onlyInCurrent,
  };
  return JSON.stringify(document, null, 2) + "\n";
}
