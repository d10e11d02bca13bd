/**
 * The one table model of a run: the columns, and per scenario one row per case with every cell as
 * a value and its text. The terminal table, `summary.md`, the summary of `report.html` and the
 * Markdown export lay it out; none of them formats a number itself, so they cannot disagree.
 *
 * Columns (hyperfine's habits where it has one): case, GiB/s (median), 95% CI (`low–high`), CV,
 * vs first (ratio to the scenario's first measured case), runs (n), failed. With one sample the
 * CI and CV are `—`; with n ≤ 5 the table's `note` says what the interval really is.
 *
 * @module
 */
import type { CaseResult, Results, Summary } from "../../model/types.ts";
import { formatCv, formatInterval, NONE, smallSampleNote } from "../format/interval.ts";
import { formatGib, formatRatio } from "../format/throughput.ts";
import { casesByScenario, scenarioOrder } from "./groups.ts";

/** The key of a column of the run table. */
export type RunColumnKey = "case" | "median" | "ci" | "cv" | "vsFirst" | "runs" | "failed";

/** A column: its key, heading, what it means (tooltips) and alignment. */
export interface RunColumn {
  /** Stable key. */
  key: RunColumnKey;
  /** Its heading, the same in every output. */
  label: string;
  /** What it means, in words (HTML tooltips). */
  title: string;
  /** Text left, numbers right. */
  align: "left" | "right";
}

/** The columns of the run table, in order. */
export const RUN_COLUMNS: readonly RunColumn[] = Object.freeze([
  { key: "case", label: "case", title: "case name (⚠: the case has warnings)", align: "left" },
  { key: "median", label: "GiB/s (median)", title: "median throughput of the measured runs", align: "right" },
  {
    key: "ci",
    label: "95% CI",
    title: "95% bootstrap confidence interval of the median, GiB/s (n ≤ 5: the range of the samples)",
    align: "right",
  },
  { key: "cv", label: "CV", title: "coefficient of variation: standard deviation / mean", align: "right" },
  { key: "vsFirst", label: "vs first", title: "median relative to the scenario's first measured case", align: "right" },
  { key: "runs", label: "runs", title: "measured runs (n)", align: "right" },
  { key: "failed", label: "failed", title: "failed runs", align: "right" },
]);

/** What a cell holds: a number, the case name, an interval's bounds, or nothing. */
export type RunCellValue = number | string | readonly [low: number, high: number] | null;

/** One cell: the value it shows (`null`: none) and its text. */
export interface RunCell {
  /** The number (the case name, the CI's bounds) behind the text; `null` when there is none. */
  value: RunCellValue;
  /** The text every output shows. */
  text: string;
}

/** One case's row. */
export interface RunRow {
  /** Case id. */
  id: string;
  /** Case name. */
  name: string;
  /** Scenario name. */
  scenario: string;
  /** The case's warnings (the case cell carries ` ⚠` when there are any). */
  warnings: string[];
  /** Its throughput summary, `null` without a sample. */
  summary: Summary | null;
  /** Failed runs. */
  failures: number;
  /** The cells, in {@link RUN_COLUMNS} order. */
  cells: RunCell[];
}

/** The rows of one scenario. */
export interface RunTableGroup {
  /** Scenario name. */
  scenario: string;
  /** Its description, `null` when none. */
  description: string | null;
  /** The scenario file, `null` when unknown. */
  file: string | null;
  /** One row per case, in results order. */
  rows: RunRow[];
}

/** The whole table: columns, one group per scenario, and the note on small samples. */
export interface RunTable {
  /** The columns, in order. */
  columns: readonly RunColumn[];
  /** Per scenario, in the report order. */
  groups: RunTableGroup[];
  /** What the CI and CV mean at small n (once under the table), `null` when every n > 5. */
  note: string | null;
}

const cell = (value: RunCellValue, text: string): RunCell => ({ value, text });

function rowOf(result: CaseResult, baseline: number | null): RunRow {
  const summary = result.stats?.throughputGibPerSecond ?? null;
  const marked = result.warnings.length > 0 ? `${result.name} ⚠` : result.name;
  const failed = cell(result.failures.length, String(result.failures.length));
  const none = cell(null, NONE);
  const cells = summary === null ? [cell(result.name, marked), none, none, none, none, cell(0, "0"), failed] : [
    cell(result.name, marked),
    cell(summary.median, formatGib(summary.median)),
    summary.n >= 2 ? cell([summary.ci95Low, summary.ci95High], formatInterval(summary)) : none,
    summary.n >= 2 ? cell(summary.cv, formatCv(summary)) : none,
    baseline ? cell(summary.median / baseline, formatRatio(summary.median / baseline)) : none,
    cell(summary.n, String(summary.n)),
    failed,
  ];
  return {
    id: result.id,
    name: result.name,
    scenario: result.scenario,
    warnings: result.warnings,
    summary,
    failures: result.failures.length,
    cells,
  };
}

/**
 * Builds the run table: per scenario (report order), one row per case.
 *
 * @example
 * ```ts
 * const table = runTable(results);
 * const texts = table.groups.flatMap((group) => group.rows.map((row) => row.cells.map((cell) => cell.text)));
 * ```
 */
export function runTable(results: Results): RunTable {
  const groups = casesByScenario(results);
  const tableGroups = scenarioOrder(results).filter((name) => groups.has(name)).map((scenario): RunTableGroup => {
    const cases = groups.get(scenario)!;
    const info = results.scenarios.find((candidate) => candidate.name === scenario);
    const baseline = cases.find((c) => c.stats !== null)?.stats?.throughputGibPerSecond.median ?? null;
    return {
      scenario,
      description: info?.description ?? null,
      file: info?.file ?? null,
      rows: cases.map((result) => rowOf(result, baseline)),
    };
  });
  const counts = results.cases.flatMap((c) => c.stats ? [c.stats.throughputGibPerSecond.n] : []);
  return { columns: RUN_COLUMNS, groups: tableGroups, note: smallSampleNote(counts) };
}
