/**
 * The child of the wake-up probe (`wakeup.ts`): one end of a 1-byte ping-pong on two pipes, its
 * standard input and output. `ping` sends a byte and waits for it to come back, and prints the
 * seconds per round trip of its fastest batch on stderr; `pong` sends back every byte it reads,
 * until end of file. Each pins itself to its CPU first, and both sides block in `read`, so every
 * round trip is two wake-ups across the CPUs: what `perf bench sched pipe` measures.
 *
 * Usage: `deno run --allow-ffi _pingpong.ts '{"role":"ping","cpu":0,"rounds":2000,"batches":5}'`
 *
 * @module
 */
import { SYS } from "../../ffi/constants.ts";
import { dieWithParent, monotonicSeconds, pinToCpu } from "../../ffi/cpu.ts";
import { errnoCell, SyscallError } from "../../ffi/errno.ts";
import { libc } from "../../ffi/libc.ts";
import { allocateBuffer } from "../../ffi/memory.ts";

/** The child's configuration, its first argument. */
export interface PingPongConfig {
  /** `ping` measures, `pong` echoes. */
  role: "ping" | "pong";
  /** CPU to pin to, or `null`. */
  cpu: number | null;
  /** Round trips per batch (ping). */
  rounds: number;
  /** Measured batches after one warm-up batch (ping). */
  batches: number;
}

/** What `ping` prints on stderr, as one JSON line. */
export interface PingResult {
  /** Seconds per round trip, fastest batch. */
  roundTripSeconds: number;
}

function main(config: PingPongConfig): void {
  dieWithParent();
  if (config.cpu !== null) pinToCpu(config.cpu);
  const call = libc().syscall_rw;
  const err = errnoCell();
  const byte = allocateBuffer(4096);
  const pointer = byte.pointer;
  const send = () => {
    if (call(SYS.write, 1, pointer, 1n) !== 1) throw new SyscallError("write", err[0]);
  };
  const receive = (): boolean => {
    const r = call(SYS.read, 0, pointer, 1n);
    if (r < 0) throw new SyscallError("read", err[0]);
    return r === 1;
  };
  if (config.role === "pong") {
    while (receive()) send();
    return;
  }
  let best = Infinity;
  for (let batch = 0; batch <= config.batches; batch++) {
    const start = monotonicSeconds();
    for (let i = 0; i < config.rounds; i++) {
      send();
      if (!receive()) throw new Error("pong closed its end");
    }
    if (batch > 0) best = Math.min(best, monotonicSeconds() - start); // batch 0 warms up
  }
  const result: PingResult = { roundTripSeconds: best / config.rounds };
  console.error(JSON.stringify(result));
}

if (import.meta.main) {
  try {
    main(JSON.parse(Deno.args[0]) as PingPongConfig);
  } catch (error) {
    console.error(`pingpong: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
