/**
 * A median with its 95% CI in the side-by-side tables: a pair of HTML cells, or Markdown text.
 *
 * @module
 */
import type { Summary } from "../../model/types.ts";
import { formatCi, formatGib } from "../format/throughput.ts";
import { attribute } from "../page/escape.ts";

/**
 * A median with its CI as an HTML pair of cells (two dashes when there is none).
 *
 * @example
 * ```ts
 * const row = `<tr><td>${name}</td>${medianCellsHtml(comparison.cases[0].base)}</tr>`;
 * ```
 */
export function medianCellsHtml(summary: Summary | null): string {
  if (summary === null) return `<td class="num muted">—</td><td class="num muted">—</td>`;
  const title = `95% CI of the median: ${formatGib(summary.ci95Low)} – ${
    formatGib(summary.ci95High)
  } GiB/s, n = ${summary.n}`;
  return `<td class="num"><b>${formatGib(summary.median)}</b></td>` +
    `<td class="num ci" title=${attribute(title)}>${formatCi(summary)}</td>`;
}

/**
 * A median with its CI as Markdown text, `3.51 (−0.05 / +0.12)`, or `—` when there is none.
 *
 * @example
 * ```ts
 * medianMarkdown(null); // "—"
 * ```
 */
export function medianMarkdown(summary: Summary | null): string {
  return summary === null ? "—" : `${formatGib(summary.median)} (${formatCi(summary)})`;
}
