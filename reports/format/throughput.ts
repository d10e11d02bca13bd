/**
 * Throughput for people: a median in GiB/s, its 95% confidence interval, and a ratio of two
 * throughputs (`1.23×`).
 *
 * @module
 */

/**
 * A throughput in GiB/s with two decimals.
 *
 * @example
 * ```ts
 * formatGib(3.5123); // "3.51"
 * ```
 */
export function formatGib(gibPerSecond: number): string {
  return gibPerSecond.toFixed(2);
}

/**
 * The 95% CI of a median as distances below and above it, `−0.05 / +0.12` (GiB/s), both with the
 * same decimals: two, or up to four when a non-zero distance would print as zero.
 *
 * @example
 * ```ts
 * formatCi({ median: 3, ci95Low: 2.95, ci95High: 3.12 }); // "−0.05 / +0.12"
 * ```
 */
export function formatCi(summary: { median: number; ci95Low: number; ci95High: number }): string {
  const below = Math.max(0, summary.median - summary.ci95Low);
  const above = Math.max(0, summary.ci95High - summary.median);
  let decimals = 2;
  const vanishes = (value: number) => value > 0 && Number(value.toFixed(decimals)) === 0;
  while (decimals < 4 && (vanishes(below) || vanishes(above))) decimals++;
  return `−${below.toFixed(decimals)} / +${above.toFixed(decimals)}`;
}

/**
 * A ratio of two throughputs with two decimals and a times sign.
 *
 * @example
 * ```ts
 * formatRatio(1.234); // "1.23×"
 * ```
 */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}
