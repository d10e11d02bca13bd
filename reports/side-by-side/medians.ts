/**
 * A median with its 95% CI in the side-by-side tables: a pair of HTML cells, or Markdown text. The
 * CI reads as in the run table (`low–high`, `—` from one sample).
 *
 * @module
 */
import type { Summary } from "../../model/types.ts";
import { RANGE_INTERVAL_MAX_N } from "../../stats/small-samples.ts";
import { formatInterval, smallSampleNote } from "../format/interval.ts";
import { escapeMarkdown } from "../markdown-table.ts";
import { formatGib } from "../format/throughput.ts";
import { attribute, escapeHtml } from "../page/escape.ts";

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
  const title = `95% CI of the median, GiB/s (n = ${summary.n}${
    summary.n <= RANGE_INTERVAL_MAX_N ? ": the range of the samples" : ""
  })`;
  return `<td class="num"><b>${formatGib(summary.median)}</b></td>` +
    `<td class="num ci" title=${attribute(title)}>${formatInterval(summary)}</td>`;
}

/**
 * A median with its CI as Markdown text, `3.51 (3.46–3.63)`, `3.51 (—)` from one sample, or `—`
 * when there is no sample.
 *
 * @example
 * ```ts
 * medianMarkdown(null); // "—"
 * ```
 */
export function medianMarkdown(summary: Summary | null): string {
  return summary === null ? "—" : `${formatGib(summary.median)} (${formatInterval(summary)})`;
}

/** The note on small samples (see `smallSampleNote`) under an HTML table, or nothing. */
export function smallSamplesHtml(counts: readonly number[]): string {
  const note = smallSampleNote(counts);
  return note === null ? "" : `\n<p class="note muted">${escapeHtml(note)}</p>`;
}

/** The note on small samples under a Markdown table, as lines (none when every n > 5). */
export function smallSamplesMarkdown(counts: readonly number[]): string[] {
  const note = smallSampleNote(counts);
  return note === null ? [] : [`_${escapeMarkdown(note)}_`, ""];
}
