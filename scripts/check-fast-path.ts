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
import { type FastCallProbe, fastCallProbe, TRACE_ENV } from "../ffi/fastpath.ts";
import { LOOP_SYMBOLS, type LoopOptions } from "../ffi/transfer.ts";
import { pingPong } from "../native/pingpong.ts";

/** The outcome of one loop's check. */
export interface FastPathCheck {
  /** `writer:vmsplice+busy` etc. */
  loop: string;
  /** The libc symbol the loop calls (see `LOOP_SYMBOLS`). */
  symbol: string;
  /** What the trace recorded for the loop's last call (`null`: no fast call at all). */
  traced: string | null;
  /** `traced === symbol`. */
  fast: boolean;
}

const CHUNK = 64 * 1024;
/** Enough calls for V8 to optimize the loops (it takes a few thousand here). */
const DEFAULT_WARM_CALLS = 20_000;
/** Warm-up rounds before a loop that is still not on the fast path counts as slow. */
const WARM_ROUNDS = 5;

/** Runs every check; the trace must have been switched on in this process's environment. */
export function checkFastPath(target: FastCallProbe, warmCalls = DEFAULT_WARM_CALLS): FastPathCheck[] {
  const checks: FastPathCheck[] = [];
  for (const busyLoop of [false, true]) {
    // Two pairs cover the four loops; each loop is checked on its own call.
    checks.push(...checkPair("write", "read", { busyLoop }, target, warmCalls));
    checks.push(...checkPair("vmsplice", "splice", { busyLoop }, target, warmCalls));
  }
  return checks;
}

function checkPair(
  writer: "write" | "vmsplice",
  reader: "read" | "splice",
  options: LoopOptions,
  target: FastCallProbe,
  warmCalls: number,
): FastPathCheck[] {
  const { send, receive, step, close } = pingPong(writer, reader, { ...options, chunk: CHUNK });
  try {
    const suffix = options.busyLoop ? "+busy" : "";
    // V8 compiles on a background thread and may deoptimize once more while feedback settles:
    // a loop passes when, after some warm-up round, its next call goes through the trampoline.
    let sent: string | null = null;
    let received: string | null = null;
    for (let round = 0; round < (warmCalls === 0 ? 1 : WARM_ROUNDS); round++) {
      for (let i = 0; i < warmCalls; i++) step();
      target(); // clears the record
      send.pump(send.sent() + CHUNK);
      if (sent !== LOOP_SYMBOLS[writer]) sent = target();
      target();
      receive.consume(CHUNK);
      if (received !== LOOP_SYMBOLS[reader]) received = target();
      if (sent === LOOP_SYMBOLS[writer] && received === LOOP_SYMBOLS[reader]) break;
    }
    return [
      {
        loop: `writer:${writer}${suffix}`,
        symbol: LOOP_SYMBOLS[writer],
        traced: sent,
        fast: sent === LOOP_SYMBOLS[writer],
      },
      {
        loop: `reader:${reader}${suffix}`,
        symbol: LOOP_SYMBOLS[reader],
        traced: received,
        fast: received === LOOP_SYMBOLS[reader],
      },
    ];
  } finally {
    close();
  }
}

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
