/**
 * Round-trip times (issue 18): three significant digits, in µs below 1 ms, ms below 1 s, then s
 * (`12.3 µs`, `4.09 ms`), and a figure's median with its interval across repetitions (and that
 * interval's coverage when below 95%).
 *
 * @module
 */
import type { Summary } from "../../model/types.ts";
import { formatCoveredInterval, NONE } from "./interval.ts";

/** A time in microseconds, three significant digits: `0.812 µs`, `24.1 µs`, `1.23 ms`, `2.05 s`. */
export function formatMicroseconds(us: number): string {
  if (!Number.isFinite(us)) return "—";
  // From 999.5 µs, three digits of µs would round to an exponent (`1.00e+3`): ms.
  if (us >= 999_500) return `${(us / 1e6).toPrecision(3)} s`;
  if (us >= 999.5) return `${(us / 1e3).toPrecision(3)} ms`;
  return `${us.toPrecision(3)} µs`;
}

/**
 * A figure across repetitions: its median, and its interval when there are two runs or more, with
 * the interval's coverage of the median when below 95% (at n ≤ 5 the range of the runs: 50% at
 * n = 2, 75% at n = 3), as the throughput table says it: `21.1 µs (20.5 µs–21.4 µs, 75%)`.
 */
export function formatLatencySummary(summary: Summary): string {
  const median = formatMicroseconds(summary.median);
  const interval = formatCoveredInterval(summary, formatMicroseconds);
  if (interval === NONE) return median;
  return `${median} (${interval.replace(/ \((.*)\)$/, ", $1")})`;
}
