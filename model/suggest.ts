/**
 * "Did you mean …?": the candidate closest to a mistyped key or value, by edit distance. Used by
 * the case fields' own messages (an unknown writer mode) and by the scenario loader (unknown keys,
 * unknown template fields).
 *
 * @module
 */

/** Edit distance between two strings (insertions, deletions, substitutions). */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Case, `-`, `_` and spaces do not count as typos (`huge_pages` is `hugepages`). */
function normalizedKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The candidate closest to `input`, if close enough to be a typo (a third of its length, at
 * least 2 edits); `null` otherwise.
 *
 * @example
 * ```ts
 * closestName("matrx", ["name", "cases", "matrix"]); // "matrix"
 * ```
 */
export function closestName(input: string, candidates: readonly string[]): string | null {
  if (input.length > 64) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(normalizedKey(input), normalizedKey(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const allowed = Math.max(2, Math.floor((best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : null;
}
