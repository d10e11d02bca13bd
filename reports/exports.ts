/**
 * Machine-readable exports of a run, behind `run` flags, one module per format in `export/`: CSV
 * (one row per sample), Markdown (the summary table), JSON lines (one per case) and
 * github-action-benchmark's `customBiggerIsBetter`.
 *
 * @module
 */
export { toBenchmarkAction } from "./export/benchmark-action.ts";
export { toCsv } from "./export/csv.ts";
export { toJsonLines } from "./export/json-lines.ts";
export { toMarkdownTable } from "./export/markdown.ts";
