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
export { DEFAULT_WARMUP_BYTES, runOnce, type RunOptions, type RunOutcome } from "./bench/runner.ts";
export { type PlannedRun, planRuns, QUICK_BYTES, quickCase } from "./bench/plan.ts";
export { runSession, type SessionEvents, type SessionOptions } from "./bench/session.ts";
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
export {
  type JournalEntry,
  readResultsFile,
  resultsFromJournal,
  SCHEMA_VERSION,
  writeResultsFile,
} from "./bench/results.ts";
export {
  bootstrapMedianCi,
  type BootstrapOptions,
  bootstrapRatioOfMediansCi,
  caseStats,
  type ConfidenceInterval,
  madOutliers,
  type MannWhitneyResult,
  mannWhitneyU,
  median,
  type PairedRatio,
  pairedRatioCi,
  type RandomSource,
  type RatioInterval,
  seededRandom,
  summarize,
} from "./stats/stats.ts";
export type { ResourceUsage } from "./ffi/cpu.ts";
export { collectSystemInfo, formatSystemInfo, noiseWarnings } from "./bench/system.ts";
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
  type RunLabel,
  type UnmatchedCase,
  type Verdict,
} from "./stats/compare.ts";

// Reports.
export { chartsFor, type Figure } from "./reports/charts.ts";
export { type HtmlOptions, renderHtml } from "./reports/html.ts";
export { type MarkdownOptions, renderMarkdown } from "./reports/markdown.ts";
export { exportImages, findChromium, type ImageExport, type ImageOptions } from "./reports/images.ts";
export { writeReport, type WriteReportOptions, type WrittenReport } from "./reports/write.ts";
export { formatTable, type TableOptions } from "./reports/terminal.ts";
export {
  type CompareTableOptions,
  formatCompareTable,
  renderCompareHtml,
  renderCompareMarkdown,
  type ReportMarkdownOptions,
  writeCompareReport,
  type WriteComparisonOptions,
  type WrittenComparison,
} from "./reports/compare.ts";
export { renderMergedHtml, renderMergedMarkdown, writeMergedReport } from "./reports/merge.ts";
export { toBenchmarkAction, toCsv, toJsonLines, toMarkdownTable } from "./reports/exports.ts";
