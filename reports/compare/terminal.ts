/**
 * The comparison in the terminal: an aligned table (slower red, faster green), the unmatched
 * cases, and the threshold with the count of each verdict.
 *
 * @module
 */
import pc from "picocolors";
import type { Comparison, Verdict } from "../../stats/compare.ts";
import { formatPValue } from "../format/numbers.ts";
import { formatThreshold } from "../format/percent.ts";
import { formatGib } from "../format/throughput.ts";
import { columnWidths, pad } from "../text-table.ts";
import { changeOf } from "./verdicts.ts";

/** Options of {@link formatCompareTable}. */
export interface CompareTableOptions {
  /** ANSI colours: slower red, faster green (only on a TTY). */
  color?: boolean;
}

/**
 * The comparison as an aligned text table, then the unmatched cases and the threshold used.
 *
 * @example
 * ```ts
 * console.log(formatCompareTable(comparison, { color: Deno.stdout.isTerminal() }));
 * ```
 */
export function formatCompareTable(c: Comparison, opts: CompareTableOptions = {}): string {
  const colors = pc.createColors(opts.color ?? false);
  const header = ["case", "base GiB/s", "current GiB/s", "change (95% CI)", "p", "verdict"];
  const rows = c.cases.map((item) => [
    item.name,
    formatGib(item.base.median),
    formatGib(item.current.median),
    changeOf(item),
    formatPValue(item.pValue),
    item.verdict,
  ]);
  const widths = columnWidths(header, rows);
  const line = (cells: string[]) =>
    cells.map((cell, i) => pad(cell, widths[i], i > 0 && i < cells.length - 1)).join("  ").trimEnd();
  const paint = (verdict: Verdict, text: string) =>
    verdict === "slower" ? colors.red(text) : verdict === "faster" ? colors.green(text) : text;
  const blocks = [
    colors.bold(`${c.base.label} → ${c.current.label}`),
    c.cases.length === 0
      ? colors.dim("no case measured in both runs")
      : [colors.dim(line(header)), ...rows.map((cells, i) => paint(c.cases[i].verdict, line(cells)))].join("\n"),
  ];
  const unmatched = [
    ...c.onlyInBase.map((u) => `only in base: ${u.name} (${u.reason})`),
    ...c.onlyInCurrent.map((u) => `only in current: ${u.name} (${u.reason})`),
  ];
  if (unmatched.length > 0) blocks.push(colors.yellow(unmatched.join("\n")));
  const slower = c.cases.filter((item) => item.verdict === "slower").length;
  const faster = c.cases.filter((item) => item.verdict === "faster").length;
  blocks.push(
    colors.dim(`threshold ${formatThreshold(c.threshold)}, alpha ${c.alpha}: `) +
      paint(slower > 0 ? "slower" : "unchanged", `${slower} slower`) + ", " +
      paint(faster > 0 ? "faster" : "unchanged", `${faster} faster`) + ", " +
      `${c.cases.length - slower - faster} unchanged`,
  );
  return blocks.join("\n\n");
}
