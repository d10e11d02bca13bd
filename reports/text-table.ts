/**
 * Aligned text tables for the terminal: column widths measured without ANSI colours, cells padded
 * to them. Shared by the run table and the compare table.
 *
 * @module
 */

const ANSI_STYLE = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");

/**
 * `text` padded with spaces to `width` visible characters (ANSI colours do not count), on the
 * left when `right` (right-aligned), else on the right.
 *
 * @example
 * ```ts
 * pad("3.51", 6, true); // "  3.51"
 * ```
 */
export function pad(text: string, width: number, right: boolean): string {
  const visible = text.replace(ANSI_STYLE, "");
  const fill = " ".repeat(Math.max(0, width - [...visible].length));
  return right ? fill + text : text + fill;
}

/**
 * The width of each column: its longest cell, header included (in characters, not UTF-16 units).
 *
 * @example
 * ```ts
 * columnWidths(["case", "n"], [["write→read", "12"]]); // [10, 2]
 * ```
 */
export function columnWidths(header: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return header.map((heading, i) => Math.max([...heading].length, ...rows.map((row) => [...row[i]].length)));
}
