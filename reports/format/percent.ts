/**
 * Fractions as percentages: plain (`1.2%`), signed changes (`−12.3%`), a change with its
 * confidence interval, and the compare threshold (`±5%`).
 *
 * @module
 */

/**
 * A fraction as a percentage with one decimal.
 *
 * @example
 * ```ts
 * formatPercent(0.0123); // "1.2%"
 * ```
 */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/**
 * A fraction as a signed percentage with one decimal (a true minus sign), `0.0%` when it rounds
 * to zero.
 *
 * @example
 * ```ts
 * formatSignedPercent(-0.123); // "−12.3%"
 * ```
 */
export function formatSignedPercent(fraction: number): string {
  const text = Math.abs(fraction * 100).toFixed(1);
  if (Number(text) === 0) return "0.0%";
  return `${fraction < 0 ? "−" : "+"}${text}%`;
}

/**
 * A ratio of medians as a percent change with its confidence interval:
 * `formatChange(0.877, 0.85, 0.909)` → `−12.3% (−15.0…−9.1)`.
 *
 * @example
 * ```ts
 * formatChange(1.05, 1.01, 1.1); // "+5.0% (+1.0…+10.0)"
 * ```
 */
export function formatChange(ratio: number, low: number, high: number): string {
  if (![ratio, low, high].every(Number.isFinite)) return "—";
  const bound = (value: number) => formatSignedPercent(value - 1).replace(/%$/, "");
  return `${formatSignedPercent(ratio - 1)} (${bound(low)}…${bound(high)})`;
}

/**
 * The compare threshold as `±` a percentage with at most two decimals.
 *
 * @example
 * ```ts
 * formatThreshold(0.05); // "±5%"
 * ```
 */
export function formatThreshold(threshold: number): string {
  return `±${Number((threshold * 100).toFixed(2))}%`;
}
