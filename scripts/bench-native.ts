/**
 * `deno task bench:native`: the Deno endpoints against the C endpoints on blog.yaml's cases
 * (native/bench-native.ts). Without a C compiler it says so and exits 0 with nothing compared.
 *
 * Usage: deno task bench:native [--quick] [--repetitions N] [--filter RE] [--seed N] [--target R] [--out DIR]
 *   [--turns [--blocks K] [--block-ms MS] [--sessions S]] [--trace-fast-path] [--no-images]
 *   [--reference post [--reference-dir DIR] [--bytes SIZE | --seconds S]]
 *
 * @module
 */
import { userPath } from "../cli/args.ts";
import { benchNative, HelpRequested, NATIVE_USAGE, type NativeArgs, parseNativeArgs } from "../native/bench-native.ts";

if (import.meta.main) {
  let args: NativeArgs;
  try {
    args = parseNativeArgs(Deno.args);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(NATIVE_USAGE);
      Deno.exit(0);
    }
    console.error(`bench:native: ${(error as Error).message}\n\n${NATIVE_USAGE}`);
    Deno.exit(2);
  }
  const reference = args.reference === null || args.reference.dir === null
    ? args.reference
    : { ...args.reference, dir: userPath(args.reference.dir) };
  Deno.exit(await benchNative({ ...args, reference, out: args.out === null ? null : userPath(args.out) }));
}
