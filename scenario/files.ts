/**
 * Scenario paths as given on the command line. A pattern (`*`, `?`, `[...]`, `[!...]`, `{a,b}`,
 * `**`, in any segment) is expanded by the runtime's own glob (`node:fs` `globSync`), sorted, so
 * quoted globs work the same as the shell's; a pattern that matches nothing is an error. A bare
 * name such as `blog` or `blog.yaml` that is not a file here names a file of the scenario library
 * (`scenarios/`).
 *
 * @module
 */
import { globSync } from "node:fs";

/** The scenario library shipped with pipespeed. */
export const SCENARIO_LIBRARY: string = new URL("../scenarios/", import.meta.url).pathname;

const GLOB_CHARACTERS = /[*?[{]/;

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** `blog` → `<library>/blog.yaml` when `blog` is a bare name that is not a file here. */
function libraryFile(path: string): string | null {
  if (path.includes("/") || isFile(path)) return null;
  for (const candidate of [`${SCENARIO_LIBRARY}${path}`, `${SCENARIO_LIBRARY}${path}.yaml`]) {
    if (isFile(candidate)) return candidate;
  }
  return null;
}

/**
 * The files a glob matches. The glob walks from its literal leading folder (`/a/b` of
 * `/a/b/*.yaml`), not from `/`: a process allowed to read only some folders (`deno task`'s
 * `--allow-read=.,/tmp,…`) can expand absolute patterns inside them.
 */
function globFiles(pattern: string): string[] {
  const segments = pattern.split("/");
  const first = segments.findIndex((segment) => GLOB_CHARACTERS.test(segment));
  const base = segments.slice(0, first).join("/");
  const rest = segments.slice(first).join("/");
  if (first === 0) return globSync(pattern).filter(isFile);
  const root = base === "" ? "/" : base;
  return globSync(rest, { cwd: root }).map((match) => `${base}/${match}`).filter(isFile);
}

/** Every scenario file of the library (`scenarios/*.yaml`), sorted by name. */
export function libraryFiles(): string[] {
  return [...Deno.readDirSync(SCENARIO_LIBRARY)]
    .filter((entry) => entry.isFile && entry.name.endsWith(".yaml"))
    .map((entry) => `${SCENARIO_LIBRARY}${entry.name}`)
    .sort();
}

/**
 * Expands globs and library names; plain paths pass through (a missing one is reported by the
 * loader, with its path).
 *
 * @example
 * ```ts
 * await expandGlobs(["scenarios/[!b]*.yaml"]); // ["scenarios/ci.yaml", "scenarios/external.yaml", ...]
 * await expandGlobs(["blog"]); // ["<pipespeed>/scenarios/blog.yaml"]
 * ```
 */
export function expandGlobs(patterns: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!GLOB_CHARACTERS.test(pattern)) {
      files.push(libraryFile(pattern) ?? pattern);
      continue;
    }
    let matches: string[];
    try {
      matches = globFiles(pattern);
    } catch (error) {
      return Promise.reject(new Error(`${pattern}: cannot expand: ${(error as Error).message}`));
    }
    if (matches.length === 0) return Promise.reject(new Error(`${pattern}: no file matches`));
    files.push(...matches.sort());
  }
  return Promise.resolve(files);
}
