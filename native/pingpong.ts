/**
 * One thread, one pipe, both ends: the writer loop sends a chunk, the reader loop takes it, and
 * again. The pipe holds two chunks, so neither call ever waits for the other side. What is left
 * is the cost of the calls themselves — the syscall, the page work, and the FFI crossing — with
 * no scheduler, wake-up or cross-CPU cache traffic in between. `native/fast-path-check.ts` and
 * `native/bench-calls.ts` are built on it; `pipe-endpoint pingpong` is the same in C.
 *
 * @module
 */
import { O_WRONLY } from "../ffi/constants.ts";
import { monotonicSeconds, unshareFileTable } from "../ffi/cpu.ts";
import { libc } from "../ffi/libc.ts";
import { allocateBuffer } from "../ffi/memory.ts";
import { closeFd, createPipe, openPath, setNonBlocking, setPipeSize } from "../ffi/pipe.ts";
import {
  type LoopOptions,
  type ReaderLoop,
  readLoop,
  spliceLoop,
  vmspliceLoop,
  writeLoop,
  type WriterLoop,
} from "../ffi/transfer.ts";

/** Bytes per step unless told otherwise (a vmsplice half of the post's 128 KiB would do as well). */
export const DEFAULT_CHUNK = 64 * 1024;

/** A writer and a reader loop on the two ends of one pipe, stepped by hand. */
export interface PingPong {
  /** The writer's loop. */
  send: WriterLoop;
  /** The reader's loop. */
  receive: ReaderLoop;
  /** One chunk through the pipe: sent, then consumed. */
  step(): void;
  /** Closes the pipe (and `/dev/null`). */
  close(): void;
}

/** Options of {@link pingPong}. */
export interface PingPongOptions extends LoopOptions {
  /** Bytes per step (and per buffer, or vmsplice half). */
  chunk?: number;
  /** Huge-page buffers. */
  hugePages?: boolean;
  /** Bytes past a page boundary where each buffer starts (default 16, as a case's buffer offset: malloc's placement). */
  offset?: number;
}

/**
 * Sets up `writer` → pipe → `reader` in this thread.
 *
 * @example
 * ```ts
 * const loop = pingPong("vmsplice", "splice", { busyLoop: true });
 * for (let i = 0; i < 1000; i++) loop.step();
 * loop.close();
 * ```
 */
export function pingPong(
  writer: "write" | "vmsplice",
  reader: "read" | "splice",
  options: PingPongOptions = {},
): PingPong {
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  const buffer = () =>
    allocateBuffer(chunk, { hugePages: options.hugePages, offset: options.hugePages ? 0 : options.offset ?? 16 });
  const pipe = createPipe();
  const sink = reader === "splice" ? openPath("/dev/null", O_WRONLY) : -1;
  try {
    setPipeSize(pipe.writeFd, 2 * chunk);
    if (options.busyLoop) {
      setNonBlocking(pipe.writeFd, true);
      setNonBlocking(pipe.readFd, true);
    }
    const send = writer === "write"
      ? writeLoop(pipe.writeFd, buffer(), options)
      : vmspliceLoop(pipe.writeFd, [buffer(), buffer()], options);
    const receive = reader === "read"
      ? readLoop(pipe.readFd, buffer(), options)
      : spliceLoop(pipe.readFd, sink, chunk, options);
    return {
      send,
      receive,
      step() {
        if (!send.pump(send.sent() + chunk)) throw new Error(`${writer}: the pipe closed`);
        if (receive.consume(chunk) !== chunk) throw new Error(`${reader}: end of file`);
      },
      close() {
        closeFd(pipe.readFd);
        closeFd(pipe.writeFd);
        if (sink >= 0) closeFd(sink);
      },
    };
  } catch (error) {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
    if (sink >= 0) closeFd(sink);
    throw error;
  }
}

/** What `native/pingpong.ts` is told when run as a program (one JSON argument). */
export interface PingPongConfig extends PingPongOptions {
  /** The writer's call. */
  writer: "write" | "vmsplice";
  /** The reader's call. */
  reader: "read" | "splice";
  /** Measured steps. */
  steps: number;
  /** Steps before the clock starts (V8 optimizes the loops meanwhile). */
  warmupSteps: number;
  /**
   * Take turns with another process: print `ready` after the warm-up, then `blocks` times wait
   * for a byte on `tokenIn`, time `steps` steps, and write the byte to `tokenOut`.
   */
  blocks?: { count: number; tokenIn: number; tokenOut: number };
}

/** The result line: the same as `pipe-endpoint pingpong` prints. */
export interface PingPongResult {
  /** Always `pingpong`. */
  side: "pingpong";
  /** Steps timed (all blocks together). */
  steps: number;
  /** Seconds they took. */
  seconds: number;
  /** Nanoseconds per step over all timed steps. */
  nsPerStep: number;
  /** Nanoseconds per step of each block (empty without blocks). */
  blocks: number[];
}

/**
 * Runs {@link pingPong} for `config.warmupSteps`, then times `config.steps` (in each of
 * `config.blocks`, when given). `ready` is called between the warm-up and the first block.
 */
export function runPingPong(config: PingPongConfig, ready: () => void = () => {}): PingPongResult {
  const loop = pingPong(config.writer, config.reader, config);
  try {
    const { step } = loop;
    for (let i = 0; i < config.warmupSteps; i++) step();
    const timed = () => {
      const start = monotonicSeconds();
      for (let i = 0; i < config.steps; i++) step();
      return monotonicSeconds() - start;
    };
    const perStep = (seconds: number) => seconds * 1e9 / Math.max(1, config.steps);
    if (config.blocks === undefined) {
      const seconds = timed();
      return { side: "pingpong", steps: config.steps, seconds, nsPerStep: perStep(seconds), blocks: [] };
    }
    const { count, tokenIn, tokenOut } = config.blocks;
    const { read, write } = libc();
    const token = Deno.UnsafePointer.of(new Uint8Array(1));
    const blocks: number[] = [];
    let seconds = 0;
    ready();
    for (let block = 0; block < count; block++) {
      if (read(tokenIn, token, 1n) !== 1) throw new Error("token pipe: the partner process is gone");
      const spent = timed();
      blocks.push(perStep(spent));
      seconds += spent;
      // The partner may have finished already: its end of the pipe is gone then (EPIPE), which is fine.
      write(tokenOut, token, 1n);
    }
    const steps = config.steps * count;
    return { side: "pingpong", steps, seconds, nsPerStep: seconds * 1e9 / Math.max(1, steps), blocks };
  } finally {
    loop.close();
  }
}

if (import.meta.main) {
  try {
    unshareFileTable(); // as the endpoints do (bench/endpoint/writer.ts, bench/endpoint/reader.ts)
    const result = runPingPong(JSON.parse(Deno.args[0]) as PingPongConfig, () => console.log("ready"));
    console.log(JSON.stringify(result));
  } catch (error) {
    console.error(`pingpong: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
