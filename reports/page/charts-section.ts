/**
 * The charts of a report, in both of its formats: the HTML section (one captioned card per
 * figure, `#chart-<i>` in order, plotted by the page shell) and the Markdown lines that show the
 * exported images. Shared by the run, compare and merge reports.
 *
 * @module
 */
import { escapeMarkdown } from "../markdown-table.ts";
import { attribute, escapeHtml } from "./escape.ts";
import type { Figure } from "./figure.ts";

/** Subfolder of a report folder holding the chart images. */
export const CHARTS_DIR = "charts";

/**
 * The charts section: one card per figure, `#chart-<i>` in order, with its caption (a note when
 * there is no figure).
 *
 * @example
 * ```ts
 * const section = chartsSectionHtml(figures, (name) => name === "headline" ? "Medians." : "");
 * ```
 */
export function chartsSectionHtml(figures: Figure[], caption: (name: string) => string): string {
  if (figures.length === 0) {
    return `<section id="charts"><h2>Charts</h2><div class="card muted">No data to chart.</div></section>`;
  }
  const cards = figures.map((figure, index) =>
    `<figure class="card chart-card"><div class="chart" id="chart-${index}" data-name=${attribute(figure.name)} ` +
    `role="img" aria-label=${attribute(figure.title)}></div>` +
    `<figcaption>${escapeHtml(caption(figure.name))}</figcaption></figure>`
  ).join("\n");
  return `<section id="charts"><h2>Charts</h2>
<noscript><div class="card noscript">The charts need JavaScript (Plotly is inlined in this file; nothing is fetched).</div></noscript>
<div class="charts">
${cards}
</div></section>`;
}

/**
 * The charts section with captions looked up by figure name (none for a name not listed).
 *
 * @example
 * ```ts
 * const section = chartsSectionFor(figures, { "compare-ratio": "Current over base." });
 * ```
 */
export function chartsSectionFor(figures: Figure[], captions: Record<string, string>): string {
  return chartsSectionHtml(figures, (name) => captions[name] ?? "");
}

/** Options of {@link chartImageLines}, and of the compare and merge Markdown renderers. */
export interface ReportMarkdownOptions {
  /** Whether images were exported: adds `![title](charts/<name>.svg)` per chart (default false). */
  images?: boolean;
  /** Folder of the exported images, relative to the Markdown file (default `charts`). */
  imagesDir?: string;
}

/**
 * The Markdown charts section, `### Charts` then `![title](dir/name.svg)` per figure, when images
 * were exported; nothing otherwise.
 *
 * @example
 * ```ts
 * lines.push(...chartImageLines(figures, { images: true }));
 * ```
 */
export function chartImageLines(figures: Figure[], options: ReportMarkdownOptions): string[] {
  if (!options.images || figures.length === 0) return [];
  const directory = (options.imagesDir ?? CHARTS_DIR).replace(/\/+$/, "");
  return [
    "### Charts",
    "",
    ...figures.flatMap((figure) => [
      `![${escapeMarkdown(figure.title)}](${encodeURI(`${directory}/${figure.name}.svg`)})`,
      "",
    ]),
  ];
}
