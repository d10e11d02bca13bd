/**
 * The form in which the native comparisons take a blog case: independent runs, a fixed number of
 * repetitions. `bench:native` and `--reference post` pair their members per round themselves (Deno
 * and C, or pipespeed and the post's program, back to back; native/ratios.ts, native/reference.ts),
 * and the C endpoints and the post's program are external commands, which cannot take turns: a
 * blog.yaml measured in turns with a precision target (its default, docs/schedules.md) would put
 * one member in sessions and the other in runs, and add rounds until its budget is spent.
 *
 * @module
 */
import type { CaseParams } from "../model/params.ts";

/** `params` as the native comparisons run them: `schedule: runs`, `precision: null`. */
export function asIndependentRuns(params: CaseParams): CaseParams {
  return { ...params, schedule: "runs", precision: null };
}
