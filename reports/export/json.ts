/**
 * The JSON exports of a run, one object per case — id, name, scenario, params, stats, failures —
 * in two framings: `run --export-json` writes one JSON document, `{"runId": …, "results": [ … ]}`
 * (hyperfine's `--export-json` shape: `jq '.results[]'`), and `run --export-jsonl` writes the same
 * objects as JSON Lines, one per line. The samples themselves are in `results.json` and in the CSV
 * export.
 *
 * @module
 */
import type { CaseResult, Results } from "../../model/types.ts";

/** One case as the JSON exports write it. */
export interface CaseExport {
  /** `<scenario>/<name>`, unique in the run. */
  id: CaseResult["id"];
  /** The case's name. */
  name: CaseResult["name"];
  /** The scenario it belongs to. */
  scenario: CaseResult["scenario"];
  /** Its parameters (sizes in bytes, durations in seconds). */
  params: CaseResult["params"];
  /** Its statistics, `null` without a sample. */
  stats: CaseResult["stats"];
  /** Its failed runs. */
  failures: CaseResult["failures"];
}

/** The document `--export-json` writes. */
export interface JsonExport {
  /** The run's id (`<UTC time>-<host>`), as in results.json. */
  runId: string;
  /** One entry per case, in the run's case order. */
  results: CaseExport[];
}

function caseExport(c: CaseResult): CaseExport {
  return { id: c.id, name: c.name, scenario: c.scenario, params: c.params, stats: c.stats, failures: c.failures };
}

/**
 * The `--export-json` document: `{"runId": …, "results": [one object per case]}`, two-space
 * indented.
 *
 * @example
 * ```ts
 * const medians = JSON.parse(toJson(results)).results.map((c) => c.stats?.throughputGibPerSecond.median);
 * ```
 */
export function toJson(results: Results): string {
  const document: JsonExport = { runId: results.runId, results: results.cases.map(caseExport) };
  return JSON.stringify(document, null, 2) + "\n";
}

/**
 * The `--export-jsonl` lines: one JSON object per line and case, the entries of {@link toJson}'s
 * `results`.
 *
 * @example
 * ```ts
 * const first = JSON.parse(toJsonLines(results).split("\n")[0]);
 * ```
 */
export function toJsonLines(results: Results): string {
  return results.cases.map((c) => JSON.stringify(caseExport(c))).join("\n") + "\n";
}
