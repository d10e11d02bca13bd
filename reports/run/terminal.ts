/**
 * The table printed at the end of a run: one block per scenario, one row per case, with the
 * median, its 95% confidence interval, the coefficient of variation and the ratio to the
 * scenario's first case; then the time spent outside the measured transfers, and the warnings.
 *
 * @module
 */
import pc from "picocolors";
import type { CaseResult, Results } from "../../model/types.ts";
import { formatPercent } from "../format/percent.ts";
import { formatGib, formatRatio } from "../format/throughput.ts";
import { columnWidths, pad } from "../text-table.ts";

/** Options of {@link formatTable}. */
export interface TableOptions {
  /** ANSI colours (only on a TTY). */
  color?: boolean;
}

function row(c: CaseResult, first: CaseResult | undefined): string[] {
  const s = c.stats?.throughputGibPerSecond;
  const failed = c.failures.length > 0 ? String(c.failures.length) : "";
  if (!s) return [c.name, "—", "—", "—", "—", "0", failed];
  const baseline = first?.stats?.throughputGibPerSecond.median;
  return [
    c.name,
    formatGib(s.median),
    `${formatGib(s.ci95Low)}–${formatGib(s.ci95High)}`,
    formatPercent(s.cv),
    baseline ? formatRatio(s.median / baseline) : "—",
    String(s.n),
    failed,
  ];
}

/**
 * Formats the results as aligned text tables, one per scenario.
 *
 * @example
 * ```ts
 * console.log(formatTable(results, { color: Deno.stdout.isTerminal() }));
 * ```
 */
export function formatTable(results: Results, options: TableOptions = {}): string {
  const colors = pc.createColors(options.color ?? false);
  const header = ["case", "GiB/s (median)", "95% CI", "CV", "vs first", "runs", "failed"];
  const blocks: string[] = [];
  for (const scenario of results.scenarios) {
    const cases = results.cases.filter((c) => c.scenario === scenario.name);
    if (cases.length === 0) continue;
    const first = cases.find((c) => c.stats !== null);
    const rows = cases.map((c) => row(c, first));
    const widths = columnWidths(header, rows);
    const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i], i > 0)).join("  ");
    const lines = [
      colors.bold(`${scenario.name}${scenario.description ? colors.dim(` — ${scenario.description}`) : ""}`),
      colors.dim(line(header)),
      ...rows.map((cells, i) => {
        const text = line(cells);
        return cases[i].failures.length > 0 ? colors.yellow(text) : text;
      }),
    ];
    blocks.push(lines.join("\n"));
  }
  const overheads = results.cases.flatMap((c) => c.samples.map((s) => s.wallSeconds - s.seconds)).sort((a, b) => a - b);
  if (overheads.length > 0) {
    const median = overheads[Math.floor(overheads.length / 2)];
    blocks.push(colors.dim(
      `time outside the measured transfers (spawn, dlopen, warm-up, teardown): median ${
        (median * 1000).toFixed(0)
      } ms per run, at most ${(overheads.at(-1)! * 1000).toFixed(0)} ms`,
    ));
  }
  const warnings = [
    ...results.warnings,
    ...results.cases.flatMap((c) => c.warnings.map((w) => `${c.id}: ${w}`)),
  ];
  if (warnings.length > 0) blocks.push(warnings.map((w) => colors.yellow(`warning: ${w}`)).join("\n"));
  return blocks.join("\n\n");
}
