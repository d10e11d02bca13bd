/**
 * The comparison in the terminal: an aligned table (slower red, faster green, inconclusive yellow,
 * not comparable magenta; `≠` after a case whose parameters differ), a line per case that could
 * not be judged with its reason, the unmatched cases, and the counts of each verdict with what
 * could not be judged.
 *
 * @module
 */
import pc from "picocolors";
import type { CaseComparison, Comparison, Verdict } from "../../stats/compare.ts";
import { formatThreshold } from "../format/percent.ts";
import { formatGib } from "../format/throughput.ts";
import { formatMicroseconds } from "../format/latency.ts";
import { columnWidths, pad } from "../text-table.ts";
import {
  changeOf,
  countsText,
  hostSentence,
  LATENCY_COMPARE_NOTE,
  markedName,
  pValueOf,
  shownSummary,
  splitByMeasure,
  unjudgedCases,
  unjudgedSentence,
  VERDICT_LABELS,
} from "./verdicts.ts";

/** Options of {@link formatCompareTable}. */
export interface CompareTableOptions {
  /**
   * ANSI colours: slower red, faster green, inconclusive yellow, not resolved cyan, not comparable
   * magenta (only on a TTY).
   */
  color?: boolean;
}

/**
 * The comparison as an aligned text table ("—" for a latency figure a side cannot resolve), then why some cases could not be judged, the unmatched
 * cases and the counts.
 *
 * @example
 * ```ts
 * console.log(formatCompareTable(comparison, { color: Deno.stdout.isTerminal() }));
 * ```
 */
export function formatCompareTable(c: Comparison, opts: CompareTableOptions = {}): string {
  const colors = pc.createColors(opts.color ?? false);
  const paint: Record<Verdict, (text: string) => string> = {
    slower: colors.red,
    faster: colors.green,
    unchanged: (text) => text,
    inconclusive: colors.yellow,
    unresolved: colors.cyan,
    incomparable: colors.magenta,
  };
  const table = (items: CaseComparison[], unit: string, format: (value: number) => string) => {
    const header = ["case", `base ${unit}`.trim(), `current ${unit}`.trim(), "change (95% CI)", "p", "verdict"];
    const median = (item: CaseComparison, side: "base" | "current") => {
      const summary = shownSummary(item, side);
      return summary === null ? "—" : format(summary.median);
    };
    const rows = items.map((item) => [
      markedName(item),
      median(item, "base"),
      median(item, "current"),
      changeOf(item),
      pValueOf(item),
      VERDICT_LABELS[item.verdict],
    ]);
    const widths = columnWidths(header, rows);
    const line = (cells: string[]) =>
      cells.map((cell, i) => pad(cell, widths[i], i > 0 && i < cells.length - 1)).join("  ").trimEnd();
    return [colors.dim(line(header)), ...rows.map((cells, i) => paint[items[i].verdict](line(cells)))].join("\n");
  };
  const { throughput, latency } = splitByMeasure(c);
  const blocks = [colors.bold(`${c.base.label} → ${c.current.label}`)];
  if (c.cases.length === 0) blocks.push(colors.dim("no case measured in both runs"));
  if (throughput.length > 0) blocks.push(table(throughput, "GiB/s", formatGib));
  if (latency.length > 0) {
    blocks.push(`${table(latency, "", formatMicroseconds)}\n${colors.dim(LATENCY_COMPARE_NOTE)}`);
  }
  const unjudged = unjudgedCases(c);
  if (unjudged.length > 0) {
    blocks.push(
      unjudged.map((item) =>
        paint[item.verdict](`${markedName(item)}: ${VERDICT_LABELS[item.verdict]}: ${item.reason}`)
      ).join("\n"),
    );
  }
  const unmatched = [
    ...c.onlyInBase.map((u) => `only in base: ${u.name} (${u.reason})`),
    ...c.onlyInCurrent.map((u) => `only in current: ${u.name} (${u.reason})`),
  ];
  if (unmatched.length > 0) blocks.push(colors.yellow(unmatched.join("\n")));
  const summary = [
    colors.dim(
      `threshold ${formatThreshold(c.threshold)}, alpha ${c.alpha}${c.familyWise ? " over all cases (Holm)" : ""}: `,
    ) +
    countsText(c, (verdict, text) => paint[verdict](text)),
  ];
  const sentence = unjudgedSentence(c);
  if (sentence !== null) summary.push(colors.yellow(colors.bold(sentence)));
  const host = hostSentence(c);
  if (host !== null) summary.push(colors.yellow(host));
  blocks.push(summary.join("\n"));
  return blocks.join("\n\n");
}
