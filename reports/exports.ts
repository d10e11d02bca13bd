/**
 * Machine-readable exports of a run, behind `run` flags, one module per format in `export/`: CSV
 * (one row per sample), Markdown (the summary's tables), JSON (one document, or JSON Lines; one
 * object per case) and github-action-benchmark's `customBiggerIsBetter` (latency cases:
 * `customSmallerIsBetter`, in a second file). The CSV's column names are the JSON field names.
 *
 * @module
 */
export { latencyExportPath, toBenchmarkAction, toBenchmarkActionLatency } from "./export/benchmark-action.ts";
export { CSV_COLUMNS, toCsv } from "./export/csv.ts";
export { type CaseExport, type JsonExport, toJson, toJsonLines } from "./export/json.ts";
export { toMarkdownTable } from "./export/markdown.ts";
