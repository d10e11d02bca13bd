/**
 * The JSON lines export of a run (`run --export-json`): one object per case.
 *
 * @module
 */
import type { Results } from "../../model/types.ts";

/**
 * One JSON object per line and case: id, name, scenario, params, stats, failures.
 *
 * @example
 * ```ts
 * const first = JSON.parse(toJsonLines(results).split("\n")[0]);
 * ```
 */
export function toJsonLines(results: Results): string {
  return results.cases.map((c) =>
    JSON.stringify({
      id: c.id,
      name: c.name,
      scenario: c.scenario,
      params: c.params,
      stats: c.stats,
      failures: c.failures,
    })
  ).join("\n") + "\n";
}
