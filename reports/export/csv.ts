/**
 * The CSV export of a run (`run --export-csv`): one row per sample. Its column names are JSON
 * field names, so a column means what the same name means in the JSON files: `id` and `name` are
 * the case's (as in the `--export-json` entries), the others are the sample's fields as in
 * `results.json` (`cases[].samples[]`), nested ones written with dots (`writer.usage.userSeconds`).
 * A latency case's rows fill the `latency.*` columns (its run's round trips or messages, their size,
 * the rate, and each figure in µs: `latency.microseconds.p50` …); a throughput case's leave them empty.
 *
 * @module
 */
import { LATENCY_FIGURES } from "../../model/latency.ts";
import type { Results, Sample } from "../../model/types.ts";

/**
 * The sample fields the CSV carries, by their path in a `results.json` sample: each column's name
 * is its path joined with dots, and its value is read by that path, so the two cannot disagree.
 */
const SAMPLE_COLUMNS: readonly (readonly string[])[] = [
  ["run"],
  ["repetition"],
  ["bytes"],
  ["seconds"],
  ["gibPerSecond"],
  ["pipeSize"],
  ["warmupBytes"],
  ["wallSeconds"],
  ["writer", "usage", "userSeconds"],
  ["writer", "usage", "systemSeconds"],
  ["reader", "usage", "userSeconds"],
  ["reader", "usage", "systemSeconds"],
  // Latency cases (issue 18): empty on a throughput case's rows.
  ["latency", "roundTrips"],
  ["latency", "messageSize"],
  ["latency", "rate"],
  ["latency", "deliveredRate"],
  ...LATENCY_FIGURES.map((figure) => ["latency", "microseconds", figure]),
];

/** The CSV's header: `id`, `name`, then the sample columns. */
export const CSV_COLUMNS: readonly string[] = ["id", "name", ...SAMPLE_COLUMNS.map((path) => path.join("."))];

/** The value at `path` in a sample; `null` when a step is missing (an external writer has no report). */
function valueAt(sample: Sample, path: readonly string[]): string | number | boolean | null {
  let value: unknown = sample;
  for (const key of path) {
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : null;
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : null;
}

/** A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break; empty for `null`. */
function csvField(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One row per sample: the case's `id` and `name`, then the sample's fields ({@link CSV_COLUMNS}).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("samples.csv", toCsv(results));
 * ```
 */
export function toCsv(results: Results): string {
  const rows = results.cases.flatMap((c) =>
    c.samples.map((sample) => [c.id, c.name, ...SAMPLE_COLUMNS.map((path) => valueAt(sample, path))])
  );
  return [CSV_COLUMNS, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}
