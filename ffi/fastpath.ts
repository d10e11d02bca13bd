/**
 * Which FFI calls went through V8's fast call path. Deno compiles a fast-call trampoline for each
 * symbol, but V8 only enters it from TurboFan-optimized code; interpreted, baseline and Maglev
 * code call through the generic binding, about 130 ns more per call here (`abs`: 10 ns fast,
 * 140 ns through Maglev). With `DENO_UNSTABLE_FFI_TRACE_TURBO=1` in a process's environment at
 * start-up, Deno records the last symbol entered through a trampoline; {@link fastCallProbe} hands
 * it over and clears it. The record costs an allocation per call: a diagnostic, not for
 * measurements that count.
 *
 * @module
 */

/** Returns the key of the symbol last called through the fast path since the previous call, or `null`. */
export type FastCallProbe = () => string | null;

/** The environment variable that switches Deno's record on (read once, at start-up). */
export const TRACE_ENV = "DENO_UNSTABLE_FFI_TRACE_TURBO";

/**
 * Deno's record of the last fast FFI call, or `null` when this Deno has no such record. Without
 * {@link TRACE_ENV} set at start-up the probe exists but always returns `null`.
 *
 * @example
 * ```ts
 * const probe = fastCallProbe();
 * probe?.(); // clear
 * // ... calls ...
 * console.log(probe?.()); // e.g. "syscall_rw"
 * ```
 */
export function fastCallProbe(): FastCallProbe | null {
  // An internal of Deno's (Deno 2.x): there is no public way to ask.
  // deno-lint-ignore no-explicit-any
  const internal = (Deno as any)[(Deno as any).internal];
  const get = internal?.getTurbocallTarget;
  return typeof get === "function" ? () => get() ?? null : null;
}
