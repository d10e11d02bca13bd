/**
 * Throughput for people: a median in GiB/s and a ratio of two throughputs (`1.23×`); the
 * interval of a median is in `interval.ts`.
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
