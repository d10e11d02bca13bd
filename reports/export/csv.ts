/**
 * The CSV export of a run (`run --export-csv`): one row per sample, with the case's id and name.
 *
 * @module
 */
import type { Results } from "../../model/types.ts";

/** A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break; empty for `null`. */
function csvField(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One row per sample, with the case's id and name.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("samples.csv", toCsv(results));
 * ```
 */
export function toCsv(results: Results): string {
  const header = [
    "case_id",
    "case_name",
    "run",
    "repetition",
    "bytes",
    "seconds",
    "gib_per_second",
    "pipe_size",
    "writer_user_seconds",
    "writer_system_seconds",
    "reader_user_seconds",
    "reader_system_seconds",
  ];
  const rows = results.cases.flatMap((c) =>
    c.samples.map((s) => [
      c.id,
      c.name,
      s.run,
      s.repetition,
      s.bytes,
      s.seconds,
      s.gibPerSecond,
      s.pipeSize,
      s.writer?.usage.userSeconds ?? null,
      s.writer?.usage.systemSeconds ?? null,
      s.reader.usage.userSeconds,
      s.reader.usage.systemSeconds,
    ])
  );
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
