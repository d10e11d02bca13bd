/**
 * Text from elsewhere (case names from a scenario file, a child's stderr in a failure reason,
 * results files from another machine) made harmless for a terminal: control characters — the
 * escape sequences that clear the screen, move the cursor, set the title or plant an OSC 8 link —
 * are shown as `\x1b`-style escapes instead of being obeyed. Only newlines and tabs pass.
 *
 * @module
 */

/** C0 controls but tab and newline, DEL, and the C1 controls (`\x9b` is a one-byte CSI). */
// deno-lint-ignore no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` with every control character but `\n` and `\t` written as `\xNN`. */
export function neutralize(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * A copy of `value` (results, a comparison) with every string neutralized: what a terminal table is
 * rendered from. Colours are added after, by the table's renderer.
 */
export function terminalSafe<T>(value: T): T {
  if (typeof value === "string") return neutralize(value) as T;
  if (Array.isArray(value)) return value.map(terminalSafe) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, terminalSafe(v)])) as T;
}
