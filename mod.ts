/**
 * pipespeed: how fast are Linux pipes on this machine, and why?
 *
 * A benchmark suite that moves data between two pinned processes through one pipe with real
 * `write`/`read`/`vmsplice`/`splice` syscalls (through Deno's FFI, no build step), driven by
 * declarative scenario files, with statistics, system metadata and reports.
 *
 * Most users run the CLI (`deno task bench`, `deno task pipespeed ...`). This module is the
 * programmatic API: load scenarios, run them, and render results.
 *
 * @example
 * ```ts
 * import { loadScenarioFiles, runOnce } from "./mod.ts";
 *
 * const { cases } = await loadScenarioFiles(["scenarios/blog.yaml"]);
 * const outcome = await runOnce({ ...cases[0].params, bytes: 64 * 1024 * 1024 });
 * if (outcome.ok) console.log(`${outcome.sample.gibPerSecond.toFixed(2)} GiB/s`);
 * ```
 *
 * @module
 */

// Scenarios: load, validate, expand.
export {
  type CaseJson,
  caseToJson,
  formatProblem,
  type LoadedScenario,
  type LoadedScenarios,
  loadScenarioFiles,
  type ParsedScenario,
  parseScenario,
  type Problem,
  type ScenarioContext,
  ScenarioError,
  scenarioJsonSchema,
} from "./scenario/scenario.ts";
export { formatDuration, formatSize, parseDuration, parseSize, type ParseSizeOptions } from "./model/sizes.ts";

// Running: one run, a plan, a whole session.
export { DEFAULT_WARMUP_BYTES, type RunFunction, runOnce, type RunOptions, type RunOutcome } from "./bench/runner.ts";
export { type PlannedRun, planRuns, QUICK_BYTES, quickCase } from "./bench/plan.ts";
export {
  type ResumeOptions,
  resumeSession,
  runSession,
  type SessionEvents,
  type SessionOptions,
} from "./bench/session.ts";
export {
  type PingPong,
  pingPong,
  type PingPongConfig,
  type PingPongOptions,
  type PingPongResult,
  runPingPong,
} from "./native/pingpong.ts";
export { type FastCallProbe, fastCallProbe } from "./ffi/fastpath.ts";
export type { LoopOptions, ReaderLoop, WriterLoop } from "./ffi/transfer.ts";

// Results and statistics.
export { readResultsFile, resultsFromJournal, SCHEMA_VERSION, writeResultsFile } from "./bench/results.ts";
export { type JournalEntry, type ParsedJournal, parseJournal, type PlanEntry } from "./bench/journal.ts";
export {
  bootstrapMedianCi,
  type BootstrapOptions,
  bootstrapRatioOfMediansCi,
  type ConfidenceInterval,
  type PairedRatio,
  pairedRatioCi,
  type RatioInterval,
} from "./stats/bootstrap.ts";
export { caseStats, summarize } from "./stats/summary.ts";
export { madOutliers, median } from "./stats/descriptive.ts";
export { type MannWhitneyMethod, type MannWhitneyResult, mannWhitneyU } from "./stats/mann-whitney.ts";
export { type RandomSource, seededRandom } from "./stats/random.ts";
export type { ResourceUsage } from "./ffi/cpu.ts";
export { collectSystemInfo, noiseWarnings } from "./bench/system.ts";
export type {
  Case,
  CaseParams,
  CaseResult,
  CaseStats,
  CommandEndpoint,
  Failure,
  HugePageReport,
  Results,
  Sample,
  ScenarioInfo,
  SideReport,
  Summary,
  SystemInfo,
} from "./model/types.ts";

// Comparing runs and merging machines.
export {
  type CaseComparison,
  type CompareOptions,
  compareResults,
  type Comparison,
  type Merged,
  type MergedCase,
  mergeResults,
  type ParamDifference,
  type RunLabel,
  type UnmatchedCase,
  type Verdict,
} from "./stats/compare.ts";

// Reports: one run (run/), two runs (compare/), several machines (merge/), exports, images.
export {
  chartsFor,
  formatTable,
  type HtmlOptions,
  type MarkdownOptions,
  renderHtml,
  renderMarkdown,
  type TableOptions,
  writeReport,
} from "./reports/run/mod.ts";
export type { Figure } from "./reports/page/figure.ts";
export type { ReportMarkdownOptions } from "./reports/page/charts-section.ts";
export {
  type WriteComparisonOptions,
  type WriteReportOptions,
  type WrittenComparison,
  type WrittenReport,
} from "./reports/report-files.ts";
export { exportImages, findChromium, type ImageExport, type ImageOptions } from "./reports/images.ts";
export {
  type CompareTableOptions,
  formatCompareTable,
  renderCompareHtml,
  renderCompareMarkdown,
  writeCompareReport,
} from "./reports/compare/mod.ts";
export { renderMergedHtml, renderMergedMarkdown, writeMergedReport } from "./reports/merge/mod.ts";
export { toBenchmarkAction, toCsv, toJsonLines, toMarkdownTable } from "./reports/exports.ts";
export { formatSystemInfo } from "./reports/system-info.ts";
