/**
 * The output destinations of a command that runs benchmarks (`--out`, every `--export-*`),
 * checked before anything runs: a path the task may not write, a folder that is not there or a
 * file where a folder should be is a usage error (exit 2) at once, not after the runs — and says
 * what a `deno task` user can do (cli/permissions.ts), not what Deno's own message says (add
 * `--allow-read`, which a task user cannot). An empty path is refused rather than taken for the
 * default folder.
 *
 * @module
 */
import { latencyExportPath } from "../reports/exports.ts";
import { UsageError, userPath } from "./args.ts";
import type { ExportOptions } from "./output.ts";
import { mayWrite, writeHint } from "./permissions.ts";

/** The first line of an error's message. */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/** `value` unless empty: `--out ''` is a mistake (an unset variable), not a wish for the default. */
function given(flag: string, value: string, what: string): string {
  if (value.trim() === "") throw new UsageError(`${flag}: an empty path; give ${what}`);
  return userPath(value);
}

/**
 * The output folder of `flag` as the user meant it ({@link userPath}), or `undefined` when not
 * given. Whether it can be created is checked when it is (model/write-file.ts `prepareOutputFolder`),
 * still before anything runs.
 *
 * @throws {UsageError} for an empty path, or one the task may not write.
 */
export function checkedOutFolder(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const path = given(flag, value, `a folder, or leave ${flag} out for the default`);
  if (!mayWrite(path)) throw new UsageError(`${flag} ${path}: cannot write: ${writeHint(path)}`);
  return path;
}

/** The export flags with their options' names. */
const EXPORT_FLAGS: [string, Exclude<keyof ExportOptions, "quiet">][] = [
  ["--export-csv", "exportCsv"],
  ["--export-markdown", "exportMarkdown"],
  ["--export-json", "exportJson"],
  ["--export-jsonl", "exportJsonl"],
  ["--export-benchmark-action", "exportBenchmarkAction"],
];

/**
 * Checks every `--export-*` file: a path the task may write, in a folder that exists (exports do
 * not create folders), where a file can be created now, and not a folder itself.
 *
 * @throws {UsageError} naming the flag and the path.
 */
export async function checkExportFiles(options: ExportOptions): Promise<void> {
  for (const [flag, key] of EXPORT_FLAGS) {
    const value = options[key];
    if (value === undefined) continue;
    const path = given(flag, value, "a file");
    if (isFolder(path)) throw new UsageError(`${flag} ${path}: cannot write: it is a folder; give a file`);
    const slash = path.lastIndexOf("/");
    const folder = slash < 0 ? "." : path.slice(0, slash) || "/";
    // The benchmark-action export may write a second file beside the first; the folder is looked at first.
    const paths = key === "exportBenchmarkAction" ? [path, userPath(latencyExportPath(value))] : [path];
    for (const file of paths) {
      if (!mayWrite(file, folder)) throw new UsageError(`${flag} ${file}: cannot write: ${writeHint(file)}`);
    }
    const problem = await folderProblem(folder);
    if (problem !== null) throw new UsageError(`${flag} ${path}: cannot write: ${problem}`);
  }
}

/** Why no file can be written in `folder` now, or `null`. */
async function folderProblem(folder: string): Promise<string | null> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(folder);
  } catch (error) {
    return error instanceof Deno.errors.NotFound
      ? `the folder ${folder} does not exist (exports do not create folders)`
      : `the folder ${folder}: ${reason(error)}`;
  }
  if (!info.isDirectory) return `${folder} is not a folder`;
  // A read-only file system, a folder of someone else's: try, as the export will.
  try {
    const probe = await Deno.makeTempFile({ dir: folder, prefix: ".pipespeed-check-" });
    await Deno.remove(probe);
  } catch (error) {
    return `cannot create a file in ${folder}: ${reason(error)}`;
  }
  return null;
}

/** Whether `path` is a folder (following a link: a file cannot be written over it either way). */
function isFolder(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
