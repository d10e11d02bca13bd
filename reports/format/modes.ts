/**
 * The modes of a case's samples as words: `two modes: 9.21 GiB/s (40%) and 28.06 GiB/s (60%)`,
 * or nothing when the samples have one mode (stats/modes.ts).
 *
 * @module
 */
import type { Mode } from "../../model/types.ts";
import { formatGib } from "./throughput.ts";

const COUNTS = ["", "one", "two", "three", "four"];

/**
 * The modes as text, slower first, or `null` with fewer than two.
 *
 * @example
 * ```ts
 * formatModes([{ gibPerSecond: 8.8, fraction: 0.5, n: 2 }, { gibPerSecond: 27.9, fraction: 0.5, n: 2 }]);
 * // "two modes: 8.80 GiB/s (50%) and 27.90 GiB/s (50%)"
 * ```
 */
export function formatModes(modes: readonly Mode[] | undefined): string | null {
  if (modes === undefined || modes.length < 2) return null;
  const parts = modes.map((mode) => `${formatGib(mode.gibPerSecond)} GiB/s (${Math.round(mode.fraction * 100)}%)`);
  const count = COUNTS[modes.length] ?? String(modes.length);
  return `${count} modes: ${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
