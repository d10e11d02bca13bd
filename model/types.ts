/**
 * The data model shared by the engine and the renderers: cases as loaded from scenario files,
 * and results as written to `results.json`. Every type here is inferred from a zod schema — the
 * case fields' table (model/fields.ts) and the results schema (model/results-schema.ts) — so the
 * types, the validation and the published JSON Schemas cannot drift apart. Results JSON is the
 * contract between `bench/` and `reports/`; change it only with a `schemaVersion` bump.
 *
 * @module
 */
import type { CaseParams } from "./params.ts";

export type { CaseParams };
export type {
  Case,
  CaseResult,
  CaseStats,
  ContentionReport,
  Failure,
  HugePageReport,
  LatencyFigures,
  LatencySample,
  Mode,
  RatioToFirst,
  Results,
  RunNoise,
  Sample,
  ScenarioInfo,
  SideReport,
  Summary,
  SystemInfo,
} from "./results-schema.ts";

/** An external program used as an endpoint: argv, run without a shell. */
export type CommandEndpoint = Exclude<CaseParams["writer"], string>;
