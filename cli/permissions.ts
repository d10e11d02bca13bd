/**
 * Files Deno may not read or write. `deno task` lets pipespeed read and write only its own folder,
 * /tmp and the folder the task was started from (`--allow-read=.,/tmp,$INIT_CWD`, the same for
 * `--allow-write`), and a task user cannot add a flag to that line: the hint says what they can do
 * instead.
 *
 * @module
 */
import { UsageError } from "./args.ts";

/** The pipespeed folder (where deno.json and cli.ts are). */
const PROJECT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/** What to do when `path` cannot be read (or, with `access: "write"`, written) under the task's permissions. */
function taskHint(access: "read" | "write", path: string): string {
  const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
  const name = path.slice(path.lastIndexOf("/") + 1);
  return `\`deno task\` lets pipespeed ${access} only its folder, /tmp and the folder you start it from: ` +
    `start it from ${access === "read" ? "the file's folder" : "the folder it goes in"} ` +
    `(cd ${folder} && deno task --config ${PROJECT}/deno.json pipespeed … ${name}), ` +
    `or run it with every permission (deno run -A ${PROJECT}/cli.ts … ${path})`;
}

/** What to do when `path` cannot be read under the task's permissions. */
export function readHint(path: string): string {
  return taskHint("read", path);
}

/** What to do when `path` (an output file or folder) cannot be written under the task's permissions. */
export function writeHint(path: string): string {
  return taskHint("write", path);
}

/**
 * Refuses, before anything is read, the first path this process may not read, with
 * {@link readHint}.
 *
 * @throws {UsageError} `cannot read <path>: <hint>`.
 */
export function checkReadable(paths: readonly string[]): void {
  for (const path of paths) {
    if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") {
      throw new UsageError(`cannot read ${path}: ${readHint(path)}`);
    }
  }
}

/**
 * Whether this process may write `path` as pipespeed writes its outputs: writing needs read
 * access too (a folder, or the `folder` a file goes in, is looked at first: a symbolic link there
 * is refused, model/write-file.ts).
 */
export function mayWrite(path: string, folder: string = path): boolean {
  const granted = (name: "read" | "write", at: string) =>
    Deno.permissions.querySync({ name, path: at }).state === "granted";
  return granted("write", path) && granted("read", path) && granted("read", folder);
}
