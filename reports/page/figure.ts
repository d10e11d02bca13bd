/**
 * The chart figure every renderer builds and every page and image export consumes: a Plotly
 * figure as plain data (no DOM, no Plotly import), with a file-safe name.
 *
 * @module
 */

/** One Plotly figure: `data` and `layout` as passed to `Plotly.newPlot`, plus a file-safe name. */
export interface Figure {
  /** File-safe name, unique within a report: `headline`, `sweep-buffer-sweep`... */
  name: string;
  /** Human title (also in `layout.title`). */
  title: string;
  /** Plotly traces. */
  data: unknown[];
  /** Plotly layout. */
  layout: Record<string, unknown>;
}
