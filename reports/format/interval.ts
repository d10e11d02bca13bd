/**
 * The interval of a median and the spread of its samples as text, honest at small sample sizes:
 * `2.10–3.66` (GiB/s) from two samples on, `—` with one sample (no interval, no CV), the coverage
 * beside an interval whose coverage is below 95% (`2.10–3.66 (94%)`), and the one note that says
 * what the interval is when n ≤ 5 (the sample range, covering the median with probability
 * 1 − 2·0.5ⁿ, not 95%).
 *
 * @module
 */
import type { Summary } from "../../model/types.ts";
import { hasInterval, medianRangeCoverage, RANGE_INTERVAL_MAX_N } from "../../stats/small-samples.ts";
import { formatPercent } from "./percent.ts";
import { formatGib } from "./throughput.ts";

/** What stands for a value that does not exist (no sample, or no interval from one sample). */
export const NONE = "—";

/**
 * The 95% CI of a median as `low–high` GiB/s, or `—` when there is no interval (n < 2).
 *
 * @example
 * ```ts
 * formatInterval({ n: 5, ci95Low: 2.1, ci95High: 3.66 }); // "2.10–3.66"
 * ```
 */
export function formatInterval(summary: Pick<Summary, "n" | "ci95Low" | "ci95High">): string {
  return hasInterval(summary.n) ? `${formatGib(summary.ci95Low)}–${formatGib(summary.ci95High)}` : NONE;
}

/**
 * The coefficient of variation as a percentage, or `—` with one sample (no spread to measure).
 *
 * @example
 * ```ts
 * formatCv({ n: 1, cv: 0 }); // "—"
 * ```
 */
export function formatCv(summary: Pick<Summary, "n" | "cv">): string {
  return hasInterval(summary.n) ? formatPercent(summary.cv) : NONE;
}

/** A probability as a percentage with only the decimals it needs: `93.75%`, `50%`. */
function coverageText(n: number): string {
  return probabilityText(medianRangeCoverage(n));
}

function probabilityText(probability: number): string {
  return `${Number((probability * 100).toFixed(2))}%`;
}

/**
 * The coverage of a summary's interval: recorded (`ci95Coverage`), or for files written before it
 * was, what their bootstrap had (the range's 1 − 2·0.5ⁿ at n ≤ 5, else the nominal 95%); 0 at n = 1.
 */
export function intervalCoverage(summary: Pick<Summary, "n" | "ci95Coverage">): number {
  if (summary.ci95Coverage !== undefined) return summary.ci95Coverage;
  if (!hasInterval(summary.n)) return 0;
  return summary.n <= RANGE_INTERVAL_MAX_N ? medianRangeCoverage(summary.n) : 0.95;
}

/**
 * An interval of a median (or of a ratio) with its coverage when that is below 95%, `—` when there
 * is none.
 *
 * @example
 * ```ts
 * formatCoveredInterval({ n: 5, ci95Low: 2.1, ci95High: 3.66, ci95Coverage: 0.9375 }); // "2.10–3.66 (93.75%)"
 * formatCoveredInterval({ n: 12, ci95Low: 2.1, ci95High: 3.66, ci95Coverage: 0.96 }); // "2.10–3.66"
 * ```
 */
export function formatCoveredInterval(
  summary: Pick<Summary, "n" | "ci95Low" | "ci95High" | "ci95Coverage">,
  format: (value: number) => string = formatGib,
): string {
  if (!hasInterval(summary.n)) return NONE;
  const coverage = intervalCoverage(summary);
  const bounds = `${format(summary.ci95Low)}–${format(summary.ci95High)}`;
  return coverage < 0.95 ? `${bounds} (${probabilityText(coverage)})` : bounds;
}

/**
 * The note under a table of medians whose sample counts include small ones, or `null`: with one
 * sample there is no interval nor CV; with 2 to 5 the interval is the sample range, whose
 * coverage of the median is given for each count present.
 *
 * @example
 * ```ts
 * smallSampleNote([5, 5, 1]);
 * // "n = 1: one sample, no interval nor CV (—). n ≤ 5: the 95% CI shown is the range of the samples ..."
 * ```
 */
export function smallSampleNote(counts: readonly number[]): string | null {
  const parts: string[] = [];
  if (counts.includes(1)) parts.push("n = 1: one sample, no interval nor CV (—).");
  const small = [...new Set(counts.filter((n) => n >= 2 && n <= RANGE_INTERVAL_MAX_N))].sort((a, b) => b - a);
  if (small.length > 0) {
    const coverages = small.map((n) => `${coverageText(n)} at n = ${n}`).join(", ");
    parts.push(
      `n ≤ ${RANGE_INTERVAL_MAX_N}: the 95% CI shown is the range of the samples (min–max), the widest interval ` +
        `there is; it covers the true median with probability 1 − 2·0.5ⁿ, ${coverages}, not 95%.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : null;
}

/**
 * The interval of a median for a chart's hover text: `95% CI 2.10 – 3.66`, `range 2.10 – 3.66
 * (n = 5: covers the median with 93.75%)`, or `no interval (n = 1)`.
 */
export function intervalHover(summary: Pick<Summary, "n" | "ci95Low" | "ci95High">): string {
  const bounds = `${formatGib(summary.ci95Low)} – ${formatGib(summary.ci95High)}`;
  if (!hasInterval(summary.n)) return `no interval (n = ${summary.n})`;
  if (summary.n <= RANGE_INTERVAL_MAX_N) {
    return `range ${bounds} (n = ${summary.n}: covers the median with ${coverageText(summary.n)})`;
  }
  return `95% CI ${bounds}`;
}
