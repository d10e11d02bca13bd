/**
 * Whether pipespeed's hot loops reach libc through V8's fast FFI call path (ffi/fastpath.ts): for
 * each loop of `ffi/transfer.ts` (write, vmsplice, read, splice; blocking and busy-loop), data
 * moves through a real pipe in one thread (native/pingpong.ts) until V8 has optimized the loop;
 * then the record is cleared, the loop makes one more call, and the check looks at what was
 * entered through a trampoline. `deno task check:fast-path` (scripts/check-fast-path.ts) runs it.
 *
 * @module
 */
import type { FastCallProbe } from "../ffi/fastpath.ts";
import { LOOP_SYMBOLS, type LoopOptions } from "../ffi/transfer.ts";
import { DEFAULT_CHUNK, pingPong } from "./pingpong.ts";

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

const CHUNK = DEFAULT_CHUNK;
/** Enough calls for V8 to optimize the loops (it takes a few thousand here). */
export const DEFAULT_WARM_CALLS = 20_000;
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
