/**
 * The look every chart shares: font, palette, ink and grid colours, axes, the base layout, and
 * the sample box trace used wherever runs or machines are drawn side by side. Labels go through
 * {@linkcode escapeHtmlText} because Plotly reads them as pseudo-HTML.
 *
 * @module
 */
import { roundSignificant } from "../format/numbers.ts";
import { escapeHtmlText } from "./escape.ts";

/** The font stack of every chart: the system UI font. */
export const CHART_FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** Colours for scenarios, modes and machines (Tableau 10, colour-blind friendly enough, prints well). */
export const PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** Text, error bars and reference lines. */
export const INK = "#1f2937";

const GRID = "#e5e7eb";

/** The colours of the writer and the reader: strong for the main bar, light for the stacked one. */
export const SIDE_COLOURS = {
  writer: { strong: "#4e79a7", light: "#a0cbe8" },
  reader: { strong: "#f28e2b", light: "#ffbe7d" },
} as const;

/**
 * `#rrggbb` → `rgba(r,g,b,alpha)`.
 *
 * @example
 * ```ts
 * withAlpha("#4e79a7", 0.5); // "rgba(78,121,167,0.5)"
 * ```
 */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${value >> 16},${(value >> 8) & 255},${value & 255},${alpha})`;
}

/** The palette colour of the `index`-th series (the palette repeats). */
export function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** An axis in the charts' style, with `extra` on top. */
export function axis(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    gridcolor: GRID,
    zerolinecolor: "#d1d5db",
    linecolor: "#9ca3af",
    ticks: "outside",
    tickcolor: "#9ca3af",
    automargin: true,
    ...extra,
  };
}

/** An x axis of cases in the given order (labels escaped for Plotly). */
export function categoryAxis(labels: string[]): Record<string, unknown> {
  return axis({
    type: "category",
    categoryorder: "array",
    categoryarray: labels.map(escapeHtmlText),
    showgrid: false,
  });
}

/** The layout every chart starts from: escaped title, font, white paper, margins, legend above; `extra` on top. */
export function baseLayout(title: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    title: { text: escapeHtmlText(title), x: 0.01, xanchor: "left", font: { size: 17 } },
    font: { family: CHART_FONT, size: 13, color: INK },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 72, r: 24, t: 64, b: 64 },
    hoverlabel: { font: { family: CHART_FONT } },
    legend: { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", bgcolor: "rgba(255,255,255,0)" },
    height: 480,
    ...extra,
  };
}

/**
 * A box trace with every sample shown, one box per case: `samplesPerCase[i]` are the GiB/s of
 * `caseLabels[i]`. Used wherever runs or machines are drawn side by side.
 */
export function sampleBoxTrace(
  name: string,
  caseLabels: readonly string[],
  samplesPerCase: readonly (readonly number[])[],
  colour: string,
): Record<string, unknown> {
  const x: string[] = [];
  const y: number[] = [];
  samplesPerCase.forEach((values, i) => {
    for (const value of values) {
      x.push(escapeHtmlText(caseLabels[i]));
      y.push(roundSignificant(value));
    }
  });
  return {
    type: "box",
    name: escapeHtmlText(name),
    x,
    y,
    boxpoints: "all",
    jitter: 0.35,
    pointpos: 0,
    fillcolor: withAlpha(colour, 0.18),
    line: { color: colour, width: 1.5 },
    marker: { color: colour, size: 5, opacity: 0.85 },
    hovertemplate: "%{x}<br>%{y:.3f} GiB/s<extra>%{fullData.name}</extra>",
  };
}
