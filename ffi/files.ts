/**
 * File checks through libc, for code that runs with a narrow `--allow-read` (Deno would refuse to
 * `stat` a program in `/usr/bin` without read access there).
 *
 * @module
 */
import { libc } from "./libc.ts";

const X_OK = 1;

/**
 * Whether `path` exists and this process may execute it (`access(path, X_OK)`).
 *
 * @example
 * ```ts
 * canExecute("/usr/bin/taskset"); // true on most Linux systems
 * ```
 */
export function canExecute(path: string): boolean {
  return libc().access(new TextEncoder().encode(`${path}\0`), X_OK) === 0;
}
