/**
 * `deno task bench:calls`: one step of each blog case's loops in one thread, Deno against C, the
 * two taking turns on one CPU (native/bench-calls.ts). Without a C compiler it says so and exits 0.
 *
 * Usage: deno task bench:calls [--blocks K] [--block-ms MS] [--filter RE] [--seed N] [--target R] [--cpu N] [--out DIR]
 *
 * @module
 */
import { userPath } from "../cli/args.ts";
import { allowedCpus } from "../ffi/cpu.ts";
import { benchCalls, type CallArgs, CALLS_USAGE, parseCallArgs } from "../native/bench-calls.ts";

if (import.meta.main) {
  let options: CallArgs;
  try {
    options = parseCallArgs(Deno.args, allowedCpus());
  } catch (error) {
    console.error(`bench:calls: ${(error as Error).message}\n${CALLS_USAGE}`);
    Deno.exit(2);
  }
  Deno.exit(await benchCalls({ ...options, out: options.out === null ? null : userPath(options.out) }));
}
