/**
 * The Markdown export of a run (`run --export-markdown`): one summary table of every case, by id.
 *
 * @module
 */
import type { Results } from "../../model/types.ts";
import { formatPercent } from "../format/percent.ts";
import { formatGib } from "../format/throughput.ts";
import { escapeMarkdown, markdownRow } from "../markdown-table.ts";

/**
 * The summary table in Markdown (one table, all scenarios).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary-table.md", toMarkdownTable(results));
 * ```
 */
export function toMarkdownTable(results: Results): string {
  const lines = [
    markdownRow(["case", "GiB/s (median)", "95% CI", "CV", "runs", "failed"]),
    // The export's own alignment row, hyperfine-style (the reports write `:--` / `--:`).
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const c of results.cases) {
    const s = c.stats?.throughputGibPerSecond;
    lines.push(markdownRow([
      escapeMarkdown(c.id),
      s ? formatGib(s.median) : "—",
      s ? `${formatGib(s.ci95Low)}–${formatGib(s.ci95High)}` : "—",
      s ? formatPercent(s.cv) : "—",
      String(s?.n ?? 0),
      String(c.failures.length),
    ]));
  }
  return lines.join("\n") + "\n";
}
