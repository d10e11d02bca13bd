/**
 * Markdown (GitHub flavoured) for every renderer: the one escaper for text in Markdown, and the
 * one table helper (rows, alignment row).
 *
 * @example
 * ```ts
 * const lines = markdownTable(["Case", "GiB/s"], ["left", "right"], [[escapeMarkdown("a|b"), "3.51"]]);
 * // ["| Case | GiB/s |", "| :-- | --: |", "| a\\|b | 3.51 |"]
 * ```
 *
 * @module
 */
import { escapeHtmlText } from "./page/escape.ts";

/**
 * Escapes text for inline Markdown (GitHub flavoured), including inside table cells: the inline
 * metacharacters (emphasis, code, links, `|`, `~`, `:` emoji, `@` mentions, `$` math) get a
 * backslash, `<`, `>` and `&` become entities, line breaks become spaces. For text that never
 * starts a line (block syntax such as `-` or `#` stays literal there).
 *
 * @example
 * ```ts
 * escapeMarkdown("a|b_c"); // "a\\|b\\_c"
 * ```
 */
export function escapeMarkdown(text: string): string {
  return escapeHtmlText(
    text
      .replace(/\r?\n|\r/g, " ")
      .replace(/[\\`*_\[\]!|~:$@]/g, (character) => `\\${character}`),
  );
}

/**
 * One table row: `| a | b |`. The cells are written as given (escape text with
 * {@linkcode escapeMarkdown} first).
 *
 * @example
 * ```ts
 * markdownRow(["a", "b"]); // "| a | b |"
 * ```
 */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** How a column's cells are aligned. */
export type Alignment = "left" | "right";

/**
 * A whole table as lines: the header row, the alignment row (`:--` left, `--:` right), then one
 * line per row. Cells are written as given.
 *
 * @example
 * ```ts
 * markdownTable(["Case", "n"], ["left", "right"], [["a", "5"]]); // ["| Case | n |", "| :-- | --: |", "| a | 5 |"]
 * ```
 */
export function markdownTable(
  header: readonly string[],
  alignments: readonly Alignment[],
  rows: readonly (readonly string[])[],
): string[] {
  return [
    markdownRow(header),
    markdownRow(alignments.map((alignment) => alignment === "left" ? ":--" : "--:")),
    ...rows.map(markdownRow),
  ];
}
