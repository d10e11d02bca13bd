/**
 * Machine-readable exports of a run, behind `run` flags: CSV (one row per sample), Markdown (the
 * summary table), JSON lines (one per case) and github-action-benchmark's `customBiggerIsBetter`.
 *
 * @module
 */
import type { Results } from "../model/types.ts";

function csvField(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per sample, with the case's id and name. */
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

function markdownCell(text: string): string {
  return text.replace(/[\\|`*_<>[\]]/g, (ch) => `\\${ch}`);
}

/** The summary table in Markdown (one table, all scenarios). */
export function toMarkdownTable(results: Results): string {
  const lines = [
    "| case | GiB/s (median) | 95% CI | CV | runs | failed |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const c of results.cases) {
    const s = c.stats?.throughputGibPerSecond;
    lines.push(
      `| ${markdownCell(c.id)} | ${s ? s.median.toFixed(2) : "—"} | ${
        s ? `${s.ci95Low.toFixed(2)}–${s.ci95High.toFixed(2)}` : "—"
      } | ${s ? `${(s.cv * 100).toFixed(1)}%` : "—"} | ${s?.n ?? 0} | ${c.failures.length} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/** One JSON object per line and case: id, name, params, stats, failures. */
export function toJsonLines(results: Results): string {
  return results.cases.map((c) =>
    JSON.stringify({
      id: c.id,
      name: c.name,
      scenario: c.scenario,
      params: c.params,
      stats: c.stats,
      failures: c.failures,
    })
  ).join("\n") + "\n";
}

/** github-action-benchmark `customBiggerIsBetter`: `[{name, unit, value, range, extra}]`. */
export function toBenchmarkAction(results: Results): string {
  const entries = results.cases.flatMap((c) => {
    const s = c.stats?.throughputGibPerSecond;
    if (!s) return [];
    return [{
      name: c.id,
      unit: "GiB/s",
      value: Number(s.median.toFixed(4)),
      range: `${s.ci95Low.toFixed(3)}..${s.ci95High.toFixed(3)}`,
      extra: `n=${s.n} cv=${(s.cv * 100).toFixed(1)}% host=${results.system.hostname}`,
    }];
  });
  return JSON.stringify(entries, null, 2) + "\n";
}
