/**
 * The one table model of a run: the columns, and per scenario one row per case with every cell as
 * a value and its text. The terminal table, `summary.md`, the summary of `report.html` and the
 * Markdown export lay it out; none of them formats a number itself, so they cannot disagree.
 *
 * Columns (hyperfine's habits where it has one): case, GiB/s (median), 95% CI (`low–high`, with its
 * coverage when below 95%), CV, vs first (the median of the per-round ratios to the scenario's first
 * case, with its interval), runs (n: the independent samples the intervals rest on), failed. With
 * one sample the CI and CV are `—`; the table's `note` says which interval is shown at which n, and
 * each group lists its cases whose samples have two modes.
 *
 * @module
 */
import type { CaseResult, Mode, Results, Summary } from "../../model/types.ts";
import { formatCoveredInterval, formatCv, NONE, smallSampleNote } from "../format/interval.ts";
import { formatModes } from "../format/modes.ts";
import { formatGib, formatRatio } from "../format/throughput.ts";
import { casesByScenario, scenarioOrder } from "./groups.ts";
import { isLatencyCase } from "../../model/latency.ts";

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
    title: "95% confidence interval of the median, GiB/s: order statistics below 60 runs, bootstrap from 60 " +
      "(n ≤ 5: the range of the samples; its coverage in brackets when below 95%)",
    align: "right",
  },
  { key: "cv", label: "CV", title: "coefficient of variation: standard deviation / mean", align: "right" },
  {
    key: "vsFirst",
    label: "vs first",
    title: "throughput relative to the scenario's first measured case: the median of the ratios of runs of the " +
      "same round, with its 95% CI (without pairs: the ratio of the medians)",
    align: "right",
  },
  {
    key: "runs",
    label: "runs",
    title: "measured runs (n): the independent samples the interval rests on",
    align: "right",
  },
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
  /** The modes of its samples (one when unimodal; `[]` without samples or in older files). */
  modes: Mode[];
  /** The modes in words when there are two (`two modes: 9.21 GiB/s (40%) and 28.06 GiB/s (60%)`). */
  modesText: string | null;
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
  /** Lines under the group's table: each case with two modes (`name: two modes: …`). */
  notes: string[];
}

/** The whole table: columns, one group per scenario, and the note on small samples. */
export interface RunTable {
  /** The columns, in order. */
  columns: readonly RunColumn[];
  /** Per scenario, in the report order. */
  groups: RunTableGroup[];
  /** What the CI and CV mean (once under the tables), `null` when there is no case with samples. */
  note: string | null;
}

const cell = (value: RunCellValue, text: string): RunCell => ({ value, text });

/** The "vs first" cell: the paired ratio with its interval, else the ratio of the medians. */
function vsFirstCell(result: CaseResult, summary: Summary, baseline: number | null): RunCell {
  const paired = result.stats?.ratioToFirst;
  if (paired !== undefined) {
    // `1.12× (1.10–1.15)`, with the coverage inside the brackets when below 95%: `(1.05–1.31, 93.75%)`.
    const interval = formatCoveredInterval({ n: paired.pairs, ...paired }, (value) => value.toFixed(2))
      .replace(/ \((.*)\)$/, ", $1");
    return cell(paired.median, `${formatRatio(paired.median)} (${interval})`);
  }
  return baseline ? cell(summary.median / baseline, formatRatio(summary.median / baseline)) : cell(null, NONE);
}

function rowOf(result: CaseResult, baseline: number | null): RunRow {
  const summary = result.stats?.throughputGibPerSecond ?? null;
  const marked = result.warnings.length > 0 ? `${result.name} ⚠` : result.name;
  const failed = cell(result.failures.length, String(result.failures.length));
  const none = cell(null, NONE);
  const cells = summary === null ? [cell(result.name, marked), none, none, none, none, cell(0, "0"), failed] : [
    cell(result.name, marked),
    cell(summary.median, formatGib(summary.median)),
    summary.n >= 2 ? cell([summary.ci95Low, summary.ci95High], formatCoveredInterval(summary)) : none,
    summary.n >= 2 ? cell(summary.cv, formatCv(summary)) : none,
    vsFirstCell(result, summary, baseline),
    cell(summary.n, String(summary.n)),
    failed,
  ];
  const modes = result.stats?.modes ?? [];
  return {
    id: result.id,
    name: result.name,
    scenario: result.scenario,
    warnings: result.warnings,
    summary,
    failures: result.failures.length,
    modes,
    modesText: formatModes(modes),
    cells,
  };
}

/** What the intervals are, said once under the tables (with the small-sample note when it applies). */
function tableNote(counts: readonly number[]): string | null {
  if (counts.length === 0) return null;
  const method = "95% CI: of the median, resting on the case's runs (n), each an independent sample; exact " +
    "order-statistic (binomial) interval below 60 runs, percentile bootstrap from 60. vs first: median of the " +
    "per-round ratios to the scenario's first case, with its 95% CI.";
  const small = smallSampleNote(counts);
  return small === null ? method : `${method} ${small}`;
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
    // Latency cases have their own table (latency-table.ts).
    const cases = groups.get(scenario)!.filter((c) => !isLatencyCase(c.params));
    const info = results.scenarios.find((candidate) => candidate.name === scenario);
    const baseline = cases.find((c) => c.stats !== null)?.stats?.throughputGibPerSecond.median ?? null;
    const rows = cases.map((result) => rowOf(result, baseline));
    return {
      scenario,
      description: info?.description ?? null,
      file: info?.file ?? null,
      rows,
      notes: rows.flatMap((row) => row.modesText === null ? [] : [`${row.name}: ${row.modesText}`]),
    };
  }).filter((group) => group.rows.length > 0);
  const counts = results.cases.flatMap((c) =>
    c.stats && !isLatencyCase(c.params) ? [c.stats.throughputGibPerSecond.n] : []
  );
  return { columns: RUN_COLUMNS, groups: tableGroups, note: tableNote(counts) };
}
