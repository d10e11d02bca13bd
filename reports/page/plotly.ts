/**
 * Plotly, inlined: the pages and the image export carry the bundle in a `<script>` element, so a
 * report loads nothing from the network.
 *
 * @module
 */
import plotlySource from "plotly.js-cartesian-dist-min/plotly-cartesian.min.js" with { type: "text" };
import { scriptText } from "./escape.ts";

let inlined: string | null = null;

/**
 * Plotly's bundle, made safe to sit inside a `<script>` element (built on first use: the bundle
 * is a few megabytes).
 *
 * @example
 * ```ts
 * const page = `<script>${plotlyScript()}</script>`;
 * ```
 */
export function plotlyScript(): string {
  inlined ??= scriptText(plotlySource);
  return inlined;
}
