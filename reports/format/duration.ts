/**
 * Durations for people: `850 ms`, `12.3 s`, `4 min 05 s`.
 *
 * @module
 */

/**
 * Seconds for humans: milliseconds below a second, one decimal below a minute, then minutes and
 * two-digit seconds.
 *
 * @example
 * ```ts
 * formatSeconds(245); // "4 min 05 s"
 * ```
 */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, "0")} s`;
}
