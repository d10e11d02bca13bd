/**
 * Names derived from text: file-safe slugs for chart files, and case labels that stay distinct
 * when runs or machines are drawn side by side.
 *
 * @module
 */

/**
 * A string made safe for a file name: lower case, `[a-z0-9-]` only, at most 60 characters.
 *
 * @example
 * ```ts
 * slug("Buffer sweep!"); // "buffer-sweep"
 * ```
 */
export function slug(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return cleaned === "" ? "x" : cleaned.slice(0, 60);
}

/**
 * Case labels that are distinct: the name, or `scenario/name` where names repeat, then `#2`,
 * `#3`... where even those repeat.
 *
 * @example
 * ```ts
 * distinctCaseLabels([{ name: "a", scenario: "s" }, { name: "a", scenario: "t" }]); // ["s/a", "t/a"]
 * ```
 */
export function distinctCaseLabels(cases: { name: string; scenario: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const labels = cases.map((c) => (counts.get(c.name)! > 1 ? `${c.scenario}/${c.name}` : c.name));
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  });
}
