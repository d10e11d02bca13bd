/**
 * What a results file is checked for beyond its schema, when read back: one id per case (compare
 * and merge pair cases by id), and statistics that agree with the samples (recomputed when not).
 *
 * Private to bench/ (bench/results.ts uses it for every file it reads).
 *
 * @module
 */
import { casesStats } from "../stats/summary.ts";
import type { Results } from "../model/types.ts";

/**
 * What the schema cannot see: two cases with one id (compare and merge pair cases by id).
 */
export function contentProblems(results: Results): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  results.cases.forEach((c, index) => {
    const first = seen.get(c.id);
    if (first !== undefined) problems.push(`cases[${index}].id: duplicate case id ${c.id} (first at cases[${first}])`);
    seen.set(c.id, index);
  });
  return problems.slice(0, 10);
}

/**
 * Statistics stored in a file that the samples contradict (edited by hand, or by a tool that
 * lost samples): recomputed from the samples, since every report and comparison reads them, and
 * named in a warning. Returns the ids of the cases recomputed.
 */
export function recomputeContradictedStats(results: Results): string[] {
  const fixed: string[] = [];
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  // Every case at once: a case's ratio to the first case pairs its samples with the first's.
  const recomputed = casesStats(results.cases, results.seed);
  for (const [index, c] of results.cases.entries()) {
    const fresh = recomputed[index];
    const stored = c.stats?.throughputGibPerSecond;
    const now = fresh?.throughputGibPerSecond;
    const agree = stored === undefined || now === undefined
      ? stored === now
      : stored.n === now.n && near(stored.median, now.median) && near(stored.mean, now.mean) &&
        near(stored.min, now.min) && near(stored.max, now.max);
    if (agree) continue;
    c.stats = fresh;
    fixed.push(c.id);
  }
  if (fixed.length > 0) {
    results.warnings.push(
      `the stored statistics of ${fixed.join(", ")} contradicted the samples: recomputed from the samples`,
    );
  }
  return fixed;
}
