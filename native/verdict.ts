/**
 * Whether Deno reached the target share of C's speed: the verdict of an interval, and how the
 * native comparisons' Markdown tables write numbers and verdicts.
 *
 * @module
 */

/** `met`: the interval lies at or above the target; `missed`: below it; `unclear`: it straddles it. */
export type Verdict = "met" | "missed" | "unclear";

/** The verdict of a 95% interval `[low, high]` against `target`. */
export function verdictOf(interval: { low: number; high: number }, target: number): Verdict {
  return interval.low >= target ? "met" : interval.high < target ? "missed" : "unclear";
}

/** A verdict in a table's "≥ target" column (`—` without one). */
export function verdictCell(verdict: Verdict | null): string {
  return verdict === null ? "—" : { met: "yes", missed: "no", unclear: "not shown" }[verdict];
}

/** A number with `digits` decimals in a table cell (`—` when missing). */
export function fixed(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined ? "—" : x.toFixed(digits);
}

/** `ratio (low–high)` in a table cell (`—` when missing). */
export function intervalCell(interval: { ratio: number; low: number; high: number } | null): string {
  return interval ? `${fixed(interval.ratio, 3)} (${fixed(interval.low, 3)}–${fixed(interval.high, 3)})` : "—";
}
