/**
 * Scenario paths as given on the command line: plain paths pass through; a pattern with `*`, `?`
 * or `[...]` in its last segment is expanded against that folder (sorted), so quoted globs work
 * too, and a pattern that matches nothing is an error.
 *
 * @module
 */

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const ch of glob) {
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "[" || ch === "]") source += ch;
    else source += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * Expands globs in the last path segment.
 *
 * @example
 * ```ts
 * await expandGlobs(["scenarios/*.yaml"]); // ["scenarios/blog.yaml", ...]
 * ```
 */
export async function expandGlobs(patterns: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const slash = pattern.lastIndexOf("/");
    const last = pattern.slice(slash + 1);
    if (!/[*?[]/.test(last)) {
      files.push(pattern);
      continue;
    }
    const dir = slash >= 0 ? pattern.slice(0, slash) || "/" : ".";
    const matcher = globToRegExp(last);
    const matches: string[] = [];
    try {
      for await (const entry of Deno.readDir(dir)) {
        if (entry.isFile && matcher.test(entry.name)) {
          matches.push(slash >= 0 ? `${pattern.slice(0, slash)}/${entry.name}` : entry.name);
        }
      }
    } catch {
      // reported below as no match
    }
    if (matches.length === 0) throw new Error(`${pattern}: no file matches`);
    files.push(...matches.sort());
  }
  return files;
}
