/**
 * `deno task check:fast-path`: do pipespeed's hot loops reach libc through V8's fast call path?
 *
 * Deno compiles a fast-call trampoline for every FFI symbol, but V8 only takes it from optimized
 * code, and only when the arguments match what the trampoline accepts; otherwise the call goes
 * through the generic binding, which costs around a hundred nanoseconds more per call. With
 * `DENO_UNSTABLE_FFI_TRACE_TURBO=1` in the environment Deno records the last symbol entered
 * through a trampoline, and `fastCallProbe()` (ffi/fastpath.ts) hands it over (and clears it).
 *
 * For each loop of `ffi/transfer.ts` (write, vmsplice, read, splice; blocking and busy-loop) this
 * moves data through a real pipe in one thread — the pipe holds a whole chunk, so writer and
 * reader can take turns — until V8 has optimized the loop, clears the record, makes one more
 * call of the loop, and checks that it was entered through the trampoline. It prints one line
 * per loop and exits 1 when any loop misses the fast path (2 when the check cannot be made).
 *
 * Usage: DENO_UNSTABLE_FFI_TRACE_TURBO=1 deno run --allow-ffi --allow-env scripts/check-fast-path.ts [--json] [--warm-calls N]
 *
 * @module
 */
import { fastCallProbe, TRACE_ENV } from "../ffi/fastpath.ts";
import { checkFastPath, DEFAULT_WARM_CALLS } from "../native/fast-path-check.ts";

if (import.meta.main) {
  const target = fastCallProbe();
  if (Deno.env.get(TRACE_ENV) !== "1") {
    console.error(`set ${TRACE_ENV}=1 in the environment: Deno reads it once, at start-up`);
    Deno.exit(2);
  }
  if (target === null) {
    console.error(`Deno ${Deno.version.deno} keeps no record of fast FFI calls: cannot check`);
    Deno.exit(2);
  }
  const at = Deno.args.indexOf("--warm-calls");
  const warmCalls = at < 0 ? DEFAULT_WARM_CALLS : Number(Deno.args[at + 1]);
  if (!Number.isSafeInteger(warmCalls) || warmCalls < 0) {
    console.error(`--warm-calls: expected a non-negative integer, got ${Deno.args[at + 1]}`);
    Deno.exit(2);
  }
  const checks = checkFastPath(target, warmCalls);
  if (Deno.args.includes("--json")) console.log(JSON.stringify(checks));
  else {
    for (const c of checks) {
      console.log(`${c.fast ? "fast   " : "SLOW   "} ${c.loop.padEnd(22)} ${c.fast ? "" : `(traced: ${c.traced})`}`);
    }
  }
  Deno.exit(checks.every((c) => c.fast) ? 0 : 1);
}
