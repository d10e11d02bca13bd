/**
 * The data model, the package's `./model` entry: the types of cases and results, sizes and
 * durations as scenario files write them, and `results.json` — its JSON Schema, its check, reading
 * and writing it, rebuilding it from a journal. Light: no engine, reports, Plotly or playwright-core.
 *
 * @example
 * ```ts
 * import { readResultsFile } from "./mod.ts";
 *
 * const results = await readResultsFile("results/2026-05-04T09-12-33Z-bench-01/results.json");
 * for (const c of results.cases) console.log(c.id, c.stats?.throughputGibPerSecond.median);
 * ```
 *
 * @module
 */
export { formatDuration, formatSize, parseDuration, parseSize, type ParseSizeOptions } from "./sizes.ts";
export type {
  Case,
  CaseParams,
  CaseResult,
  CaseStats,
  CommandEndpoint,
  Failure,
  HugePageReport,
  Mode,
  RatioToFirst,
  Results,
  RunNoise,
  Sample,
  ScenarioInfo,
  SideReport,
  Summary,
  SystemInfo,
} from "./types.ts";
export type { ResourceUsage } from "../ffi/cpu.ts";
export { checkResults, RESULTS_SCHEMA_URL, resultsJsonSchema, STEAL_SPIKE } from "./results-schema.ts";
export {
  caseSemantics,
  type KernelSemantics,
  type SemanticDifference,
  semanticDifferences,
  type SemanticName,
} from "./semantics.ts";
export {
  readResultsFile,
  resultsFromJournal,
  resultsText,
  SCHEMA_VERSION,
  writeResultsFile,
} from "../bench/results.ts";
export { type JournalEntry, type ParsedJournal, parseJournal, type PlanEntry } from "../bench/journal.ts";
