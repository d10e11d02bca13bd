/**
 * `compare.md`, for pull requests and `$GITHUB_STEP_SUMMARY`: heading with the verdict counts,
 * regressions (then improvements) called out first, what could not be judged and why, the table of
 * matched cases, the unmatched cases, the machines, and the charts when images were exported.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.md", renderCompareMarkdown(comparison));
 * ```
 *
 * @module
 */
import type { CaseComparison, Comparison, UnmatchedCase, Verdict } from "../../stats/compare.ts";
import type { Summary } from "../../model/types.ts";
import { formatThreshold } from "../format/percent.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { chartImageLines, type ReportMarkdownOptions } from "../page/charts-section.ts";
import { machinesTableMarkdown } from "../side-by-side/machines.ts";
import { medianMarkdown, smallSamplesMarkdown } from "../side-by-side/medians.ts";
import { compareFigures } from "./figures.ts";
import { formatLatencySummary } from "../format/latency.ts";
import {
  changeOf,
  comparedName,
  comparedText,
  countsText,
  hostSentence,
  LATENCY_COMPARE_NOTE,
  markedName,
  noChangeSentence,
  pValueOf,
  shownSummary,
  splitByMeasure,
  unjudgedCases,
  unjudgedSentence,
  VERDICT_LABELS,
} from "./verdicts.ts";

const VERDICT_MARKDOWN: Record<Verdict, string> = {
  slower: "🔴 **slower**",
  faster: "🟢 **faster**",
  unchanged: "unchanged",
  inconclusive: "🟡 inconclusive",
  unresolved: `⚪ ${VERDICT_LABELS.unresolved}`,
  incomparable: `🟣 ${VERDICT_LABELS.incomparable}`,
};

/**
 * Renders `compare.md`: heading, regressions (then improvements) called out first, the table of
 * matched cases, the unmatched cases, the machines, and the charts when images were exported.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(Deno.env.get("GITHUB_STEP_SUMMARY")!, renderCompareMarkdown(comparison), { append: true });
 * ```
 */
export function renderCompareMarkdown(c: Comparison, opts: ReportMarkdownOptions = {}): string {
  const lines = [
    `## pipespeed: ${escapeMarkdown(c.base.label)} → ${escapeMarkdown(c.current.label)}`,
    "",
    `${comparedText(c)} · threshold ${formatThreshold(c.threshold)} · alpha ${c.alpha}${
      c.familyWise ? " over all cases (Holm)" : ""
    } · ` +
    `base \`${c.base.runId.replace(/`/g, "'")}\` · current \`${c.current.runId.replace(/`/g, "'")}\``,
    "",
  ];
  if (c.cases.length > 0) lines.push(`Verdicts: ${countsText(c, (_, text) => `**${text}**`)}.`, "");
  const slower = c.cases.filter((item) => item.verdict === "slower");
  const faster = c.cases.filter((item) => item.verdict === "faster");
  const bullet = (item: CaseComparison) =>
    `> - **${escapeMarkdown(comparedName(item))}**: ${changeOf(item)}, p = ${pValueOf(item)}`;
  if (slower.length > 0) {
    lines.push(
      "> [!WARNING]",
      `> ${slower.length} regression${slower.length === 1 ? "" : "s"}:`,
      ...slower.map(bullet),
      "",
    );
  }
  if (faster.length > 0) {
    lines.push(
      "> [!TIP]",
      `> ${faster.length} improvement${faster.length === 1 ? "" : "s"}:`,
      ...faster.map(bullet),
      "",
    );
  }
  const unjudged = unjudgedSentence(c);
  if (unjudged !== null) lines.push("> [!CAUTION]", `> ${escapeMarkdown(unjudged)}`, "");
  const host = hostSentence(c);
  if (host !== null) lines.push("> [!NOTE]", `> ${escapeMarkdown(host)}`, "");
  const unchanged = noChangeSentence(c);
  if (unchanged !== null) lines.push(unchanged, "");
  if (c.cases.length > 0) {
    const { throughput, latency } = splitByMeasure(c);
    const table = (items: CaseComparison[], unit: string, cell: (summary: Summary) => string) =>
      markdownTable(
        ["Case", `Base ${unit}(95% CI)`, `Current ${unit}(95% CI)`, "Change (95% CI)", "p", "Verdict"],
        ["left", "right", "right", "right", "right", "left"],
        items.map((item) => {
          const shown = (side: "base" | "current") => {
            const summary = shownSummary(item, side);
            return summary === null ? "—" : cell(summary);
          };
          return [
            escapeMarkdown(markedName(item)),
            shown("base"),
            shown("current"),
            changeOf(item),
            pValueOf(item),
            VERDICT_MARKDOWN[item.verdict],
          ];
        }),
      );
    if (throughput.length > 0) lines.push(...table(throughput, "GiB/s ", medianMarkdown), "");
    if (latency.length > 0) {
      lines.push(
        "### Latency (lower is better)",
        "",
        ...table(latency, "", formatLatencySummary),
        "",
        `_${escapeMarkdown(LATENCY_COMPARE_NOTE)}_`,
        "",
      );
    }
    lines.push(...smallSamplesMarkdown(c.cases.flatMap((item) => [item.base.n, item.current.n])));
    const notes = unjudgedCases(c).map((item) =>
      `- **${escapeMarkdown(markedName(item))}**: ${VERDICT_LABELS[item.verdict]}: ${escapeMarkdown(item.reason ?? "")}`
    );
    if (notes.length > 0) lines.push("### Not judged", "", ...notes, "");
  } else {
    lines.push("No case was measured in both runs.", "");
  }
  const unmatched = (title: string, cases: UnmatchedCase[]) =>
    cases.length === 0
      ? []
      : [`### ${title}`, "", ...cases.map((u) => `- **${escapeMarkdown(u.name)}**: ${escapeMarkdown(u.reason)}`), ""];
  lines.push(...unmatched("Only in base", c.onlyInBase), ...unmatched("Only in current", c.onlyInCurrent));
  lines.push("### Machines", "", ...machinesTableMarkdown([c.base, c.current]), "");
  lines.push(...chartImageLines(compareFigures(c), opts));
  return lines.join("\n").replace(/\n+$/, "\n");
}
