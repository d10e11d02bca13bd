/**
 * Escaping for the pages: HTML text and attributes, JSON inside a `<script>` block, and inline
 * script source. Every string that comes from results goes through one of these.
 *
 * @module
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml("<script>"); // "&lt;script&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/**
 * Escapes `&`, `<` and `>` as entities, leaving quotes: for text that is read as HTML but never
 * sits in an attribute. Plotly reads labels as pseudo-HTML (`<b>`, `<br>`, entities), so every
 * label of a chart goes through this and is then shown literally; Markdown uses it too.
 *
 * @example
 * ```ts
 * escapeHtmlText("a<b> & 'c'"); // "a&lt;b&gt; &amp; 'c'"
 * ```
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>]/g, (character) => HTML_ESCAPES[character]);
}

/**
 * A quoted attribute value: `"…"` with the text escaped.
 *
 * @example
 * ```ts
 * `<td title=${attribute('say "hi"')}>`; // '<td title="say &quot;hi&quot;">'
 * ```
 */
export function attribute(text: string): string {
  return `"${escapeHtml(text)}"`;
}

/**
 * Embeds a value as JSON inside `<script type="application/json">`: `<` becomes `\u003c` (and
 * the two JavaScript line separators are escaped), so no string can close the block.
 *
 * @example
 * ```ts
 * jsonForScript({ name: "</script>" }); // '{"name":"\\u003c/script>"}'
 * ```
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Inline script text made safe from an early `</script>` (`<\/` means `</` in strings and regexes).
 *
 * @example
 * ```ts
 * scriptText('"</script>"'); // '"<\\/script>"'
 * ```
 */
export function scriptText(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}
