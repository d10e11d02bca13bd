/**
 * The words and colours of a comparison: each verdict's colour and order, and the change of a
 * case as text (`−12.3% (−15.0…−9.1)`).
 *
 * @module
 */
import type { CaseComparison, Verdict } from "../../stats/compare.ts";
import { formatChange } from "../format/percent.ts";

/** Colour of each verdict in charts: slower red, faster green, unchanged grey. */
export const VERDICT_COLOURS: Readonly<Record<Verdict, string>> = {
  slower: "#d62728",
  faster: "#2ca02c",
  unchanged: "#8c8c8c",
};

/** The order verdicts are listed in: regressions first. */
export const VERDICT_ORDER: readonly Verdict[] = ["slower", "faster", "unchanged"];

/** The change of a case's median with its 95% CI, as text. */
export function changeOf(c: CaseComparison): string {
  return formatChange(c.ratio, c.ratioLow, c.ratioHigh);
}
