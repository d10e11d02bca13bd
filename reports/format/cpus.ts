/**
 * CPU lists in the kernel's compact notation (`0-2,5`).
 *
 * @module
 */

/**
 * CPU numbers compressed to ranges, in the order given (runs of consecutive numbers become
 * `first-last`).
 *
 * @example
 * ```ts
 * formatCpuList([0, 1, 2, 5]); // "0-2,5"
 * ```
 */
export function formatCpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; i++) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(j > i ? `${cpus[i]}-${cpus[j]}` : `${cpus[i]}`);
    i = j;
  }
  return parts.join(",");
}
