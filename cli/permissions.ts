/**
 * Files Deno may not read. `deno task` lets pipespeed read only its own folder, /tmp and the
 * folder the task was started from (`--allow-read=.,/tmp,$INIT_CWD`), and a task user cannot add
 * a flag to that line: the hint says what they can do instead.
 *
 * @module
 */
import { UsageError } from "./args.ts";

/** The pipespeed folder (where deno.json and cli.ts are). */
const PROJECT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/** What to do when `path` cannot be read under the task's permissions. */
export function readHint(path: string): string {
  const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
  const name = path.slice(path.lastIndexOf("/") + 1);
  return `\`deno task\` lets pipespeed read only its folder, /tmp and the folder you start it from: ` +
    `start it from the file's folder (cd ${folder} && deno task --config ${PROJECT}/deno.json pipespeed … ${name}), ` +
    `or run it with every permission (deno run -A ${PROJECT}/cli.ts … ${path})`;
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
