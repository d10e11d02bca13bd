/**
 * The shell every pipespeed page shares: one self-contained HTML file with a Content Security
 * Policy that forbids remote loads, the page CSS, Plotly inlined, the figures as escaped JSON in a
 * `<script type="application/json">` block, and a small script that plots them into `#chart-<i>`.
 * Readable from `file://`; the run, compare and merge pages differ only in header and main.
 *
 * @example
 * ```ts
 * const html = htmlPage({ title: "t", generator: "pipespeed", header: "<header></header>", main: "", figures: [] });
 * ```
 *
 * @module
 */
import { attribute, escapeHtml, jsonForScript } from "./escape.ts";
import type { Figure } from "./figure.ts";
import { plotlyScript } from "./plotly.ts";
import { PAGE_STYLE } from "./style.ts";

/** The Content Security Policy of the report: nothing remote, inline script and style only. */
export const REPORT_CSP: string =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; " +
  "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** The script that plots the embedded figures (runs after Plotly's). */
const BOOTSTRAP = `
(function () {
  "use strict";
  var source = document.getElementById("pipespeed-figures");
  var figures = JSON.parse(source.textContent);
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  figures.forEach(function (figure) {
    var element = document.getElementById(figure.id);
    if (!element || !window.Plotly) return;
    var options = Object.assign({}, config, { toImageButtonOptions: { format: "svg", filename: figure.name } });
    window.Plotly.newPlot(element, figure.data, figure.layout, options).then(function () {
      element.setAttribute("data-rendered", "true");
    });
  });
})();
`;

/** What {@link htmlPage} puts together. */
export interface PageShell {
  /** `<title>`, escaped here. */
  title: string;
  /** The generator meta, escaped here. */
  generator: string;
  /** CSS after the page's own. */
  extraStyle?: string;
  /** The page's `<header>` element (HTML, already escaped). */
  header: string;
  /** The inside of `<main class="wrap">` (HTML, already escaped). */
  main: string;
  /** Figures plotted into the elements `#chart-<i>`, in order. */
  figures: Figure[];
}

/** The figures as the page embeds them, each with the id of its element. */
function embeddedFigures(figures: Figure[]): unknown[] {
  return figures.map((figure, index) => ({
    id: `chart-${index}`,
    name: figure.name,
    data: figure.data,
    layout: figure.layout,
  }));
}

/**
 * A whole page: CSP meta, the page CSS (then `extraStyle`), header and main as given, Plotly
 * inlined, the figures as escaped JSON, and the script that plots them.
 *
 * @example
 * ```ts
 * const html = htmlPage({ title: "pipespeed", generator: "pipespeed 0.1.0", header, main, figures });
 * ```
 */
export function htmlPage(page: PageShell): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content=${attribute(REPORT_CSP)}>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content=${attribute(page.generator)}>
<title>${escapeHtml(page.title)}</title>
<style>${PAGE_STYLE}${page.extraStyle ?? ""}</style>
</head>
<body>
${page.header}
<main class="wrap">
${page.main}
</main>
<script type="application/json" id="pipespeed-figures">${jsonForScript(embeddedFigures(page.figures))}</script>
<script>${plotlyScript()}</script>
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}
