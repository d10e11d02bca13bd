/**
 * The table printed at the end of a run: the run table model (`table.ts`) laid out as one aligned
 * block per scenario with its cases that have two modes under it, then the note on the intervals, the time spent outside the measured
 * transfers, and the warnings.
 *
 * @module
 */
import pc from "picocolors";
import type { Results } from "../../model/types.ts";
import { columnWidths, pad } from "../text-table.ts";
import { runTable } from "./table.ts";
import { LATENCY_COLUMNS, LATENCY_NOTE, latencyTable } from "./latency-table.ts";
import { stepLines } from "./explain/text.ts";

/** Options of {@link formatTable}. */
export interface TableOptions {
  /** ANSI colours (only on a TTY). */
  color?: boolean;
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
  const table = runTable(results);
  const header = table.columns.map((column) => column.label);
  const blocks: string[] = [];
  for (const group of table.groups) {
    const rows = group.rows.map((row) => row.cells.map((cell) => cell.text));
    const widths = columnWidths(header, rows);
    const line = (cells: string[]) =>
      cells.map((text, i) => pad(text, widths[i], table.columns[i].align === "right")).join("  ");
    const lines = [
      colors.bold(`${group.scenario}${group.description ? colors.dim(` — ${group.description}`) : ""}`),
      colors.dim(line(header)),
      ...rows.map((cells, i) => {
        const text = line(cells);
        return group.rows[i].failures > 0 ? colors.yellow(text) : text;
      }),
      ...group.notes.map((note) => colors.cyan(`  ${note}`)),
    ];
    blocks.push(lines.join("\n"));
  }
  if (table.note !== null) blocks.push(colors.dim(`note: ${table.note}`));
  const latency = latencyTable(results);
  for (const group of latency) {
    const widths = columnWidths(LATENCY_COLUMNS, group.rows);
    const line = (cells: readonly string[]) => cells.map((text, i) => pad(text, widths[i], i > 0)).join("  ");
    blocks.push([colors.bold(`${group.scenario} — latency`), colors.dim(line(LATENCY_COLUMNS)), ...group.rows.map(line)]
      .join("\n"));
  }
  if (latency.length > 0) blocks.push(colors.dim(`note: ${LATENCY_NOTE}`));
  for (const { scenario, lines } of stepLines(results)) {
    blocks.push([colors.bold(`${scenario}: why, step by step`), ...lines.map((line) => `  ${line}`)].join("\n"));
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
