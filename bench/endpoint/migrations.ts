/**
 * CPU migrations of the calling thread, from `se.nr_migrations` in /proc/thread-self/sched
 * (kernels with `CONFIG_SCHED_DEBUG`, the default of the major distributions). An endpoint reads it
 * before its clock starts and after it stops and reports the difference: how often the scheduler
 * moved its hot loop to another CPU while measured (its caches left behind each time). Read through
 * libc: the endpoints run with `--allow-ffi` only.
 *
 * @module
 */
import { readWholeFile } from "../../ffi/memory.ts";

/**
 * The `se.nr_migrations` count of a /proc/…/sched text, or `null`.
 *
 * @example
 * ```ts
 * parseMigrations("se.nr_migrations                             :                    3\n"); // 3
 * ```
 */
export function parseMigrations(text: string): number | null {
  const match = /^se\.nr_migrations\s*:\s*(\d+)/m.exec(text);
  return match === null ? null : Number(match[1]);
}

/** This thread's migrations so far, or `null` when the kernel does not say. */
export function threadMigrations(): number | null {
  try {
    return parseMigrations(readWholeFile("/proc/thread-self/sched"));
  } catch {
    return null;
  }
}

/** Migrations between two readings, `null` when either is missing. */
export function migrationsBetween(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : Math.max(0, after - before);
}
