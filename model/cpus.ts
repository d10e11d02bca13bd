/**
 * CPU lists in the kernel's compact notation (`0-2,5`), as `/sys/devices/system/cpu/online` and
 * `taskset -c` write them.
 *
 * @module
 */

/**
 * CPU numbers, sorted and without repeats, compressed to ranges (runs of consecutive numbers
 * become `first-last`).
 *
 * @example
 * ```ts
 * formatCpuList([5, 0, 1, 2, 1]); // "0-2,5"
 * ```
 */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    ranges.push(end === start ? `${sorted[start]}` : `${sorted[start]}-${sorted[end]}`);
    start = end + 1;
  }
  return ranges.join(",");
}
