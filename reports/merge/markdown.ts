/**
 * The merged `summary.md`: one table (case × machine medians with their CI, and the ratio to the
 * first machine), the machines side by side, and the charts when images were exported.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary.md", renderMergedMarkdown(merged));
 * ```
 *
 * @module
 */
import type { Merged } from "../../stats/compare.ts";
import { formatRatio } from "../format/throughput.ts";
import { escapeMarkdown, markdownTable } from "../markdown-table.ts";
import { chartImageLines, type ReportMarkdownOptions } from "../page/charts-section.ts";
import { machinesTableMarkdown } from "../side-by-side/machines.ts";
import { medianMarkdown, smallSamplesMarkdown } from "../side-by-side/medians.ts";
import { mergedFigures } from "./figures.ts";
import { ratioToFirst } from "./ratio.ts";
import { mergedLatencyMarkdown, throughputCases } from "./latency.ts";

/**
 * Renders the merged `summary.md`: one table (case × machine medians with their CI, and the ratio
 * to the first machine), the machines side by side, and the charts when images were exported.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary.md", renderMergedMarkdown(merged));
 * ```
 */
export function renderMergedMarkdown(m: Merged, opts: ReportMarkdownOptions = {}): string {
  const labels = m.machines.map((machine) => escapeMarkdown(machine.label));
  const lines = [
    `## pipespeed on ${m.machines.length} machines`,
    "",
    `${m.cases.length} cases · ${labels.join(" · ")}`,
    "",
  ];
  const throughput = throughputCases(m);
  if (throughput.cases.length > 0 && m.machines.length > 0) {
    lines.push(
      ...markdownTable(
        [
          "Case",
          ...labels.map((label) => `${label} GiB/s (95% CI)`),
          ...labels.slice(1).map((label) => `${label} ÷ ${labels[0]}`),
        ],
        ["left", ...labels.map(() => "right" as const), ...labels.slice(1).map(() => "right" as const)],
        throughput.cases.map((c) => [
          escapeMarkdown(c.name),
          ...c.perMachine.map(medianMarkdown),
          ...labels.slice(1).map((_, k) => {
            const ratio = ratioToFirst(c, k + 1);
            if (c.notComparable[k + 1]) return `not comparable (${escapeMarkdown(c.notComparable[k + 1]!)})`;
            return ratio === null ? "—" : formatRatio(ratio);
          }),
        ]),
      ),
      "",
      ...smallSamplesMarkdown(throughput.cases.flatMap((c) => c.perMachine.flatMap((s) => s === null ? [] : [s.n]))),
    );
  }
  lines.push(...mergedLatencyMarkdown(m));
  if (m.cases.length === 0 || m.machines.length === 0) {
    lines.push("No case in these results.", "");
  }
  lines.push("### Machines", "", ...machinesTableMarkdown(m.machines), "");
  lines.push(...chartImageLines(mergedFigures(m), opts));
  return lines.join("\n").replace(/\n+$/, "\n");
}
