/**
 * The reader endpoint that takes turns: the core reader's set-up and warm-up (`prepareReader` of
 * bench/endpoint/reader.ts), then, instead of one measurement, blocks timed in turns with other
 * writer/reader pairs (bench/turns/token.ts). The core endpoints know nothing of it.
 *
 * Two ways to take turns, told apart by `turns.count`:
 * - **A fixed number of blocks** (`count`, `blockBytes`, `writerPid`; `bench:native --turns`): a
 *   ring of two readers passing the token to each other; this reader stops and continues its own
 *   writer, prints `ready` on stdout after the warm-up, and each block moves `blockBytes`.
 * - **Until the case is measured** (`count: null`, `blockSeconds`; the `turns` schedule,
 *   bench/_turns.ts): the runner holds the token and hands it to one reader at a time, and stops
 *   and continues the writers itself. After the warm-up the reader writes {@link TOKEN_READY};
 *   each block runs for about `blockSeconds`, in the core reader's stretches, until the case's
 *   `bytes` and `minSeconds` are both reached over all blocks — the core reader's rule — and
 *   answers {@link TOKEN_MORE} or, after its last block, {@link TOKEN_LAST}.
 *
 * Started as `deno run ... bench/turns/reader.ts '<TurnsReaderConfig JSON>'` with the pipe on
 * stdin and the token pipes on fds 3 (in) and 4 (out).
 *
 * @module
 */
import { check } from "../../ffi/errno.ts";
import { monotonicSeconds, resourceUsage, usageBetween } from "../../ffi/cpu.ts";
import { libc } from "../../ffi/libc.ts";
import type { ReaderLoop } from "../../ffi/transfer.ts";
import { prepareReader } from "../endpoint/reader.ts";
import { runEndpoint } from "../endpoint/main.ts";
import { keepOptimized } from "../endpoint/tier-up.ts";
import { GIB_BYTES } from "../../model/sizes.ts";
import { FAST_PATH_STRETCH_BYTES, type ReaderConfig, type ReaderResult } from "../endpoint/protocol.ts";

/** How a reader takes turns (see the module documentation for the two ways). */
export interface TurnsConfig {
  /** Blocks to time, each of `blockBytes`; `null`: until the case's bytes and seconds are measured. */
  count: number | null;
  /** Bytes per block (with `count`). */
  blockBytes?: number;
  /** About how long a block lasts, in seconds (with `count: null`). */
  blockSeconds?: number;
  /** Descriptor the token arrives on. */
  tokenIn: number;
  /** Descriptor the token leaves on. */
  tokenOut: number;
  /** The writer's pid, stopped by this reader between its turns (with `count`); absent: the runner does it. */
  writerPid?: number;
}

/** What the turns reader is told: a core reader's configuration and its turns. */
export interface TurnsReaderConfig extends ReaderConfig {
  /** The turns to take. */
  turns: TurnsConfig;
}

/** The turns reader's result line: the core reader's, measured over the blocks. */
export interface TurnsReaderResult extends ReaderResult {
  /** GiB/s of each block, in order. */
  blocks: number[];
}

/** This file's path, to start it as an endpoint. */
export const TURNS_READER = new URL(import.meta.url).pathname;

/** The byte a reader answers after a block when it has more to time. */
export const TOKEN_MORE = 1;
/** The byte a reader answers after its last block (it then reports and exits). */
export const TOKEN_LAST = 2;
/** The byte a reader writes once warmed up (runner-held token only). */
export const TOKEN_READY = 3;

const SIGCONT = 18;
const SIGSTOP = 19;

/** One timed block: bytes and seconds. */
type Block = { bytes: number; seconds: number };

/**
 * Runs the turns reader on `fd`; `ready` is called once it is warmed up (and, with `count`, its
 * writer stopped).
 */
export function runTurnsReader(config: TurnsReaderConfig, fd = 0, ready: () => void = () => {}): TurnsReaderResult {
  const { loop, report } = prepareReader(config, fd);
  const { turns } = config;
  const { kill, read, write } = libc();
  const writerPid = turns.writerPid;
  const signal = (sig: number) => {
    if (writerPid !== undefined) check(`kill(${writerPid})`, kill(writerPid, sig));
  };
  const token = new Uint8Array(1);
  const pointer = Deno.UnsafePointer.of(token);
  const answer = (byte: number) => {
    token[0] = byte;
    write(turns.tokenOut, pointer, 1n); // EPIPE once the other side has finished: fine
  };
  signal(SIGSTOP);
  if (turns.count === null) answer(TOKEN_READY);
  ready();
  const blocks: Block[] = [];
  const before = resourceUsage();
  for (let block = 0; turns.count === null || block < turns.count; block++) {
    if (read(turns.tokenIn, pointer, 1n) !== 1) throw new Error("token pipe: the other side is gone");
    signal(SIGCONT);
    const timed = turns.count === null
      ? timeBlock(loop, config, blocks, turns.blockSeconds ?? 0.02)
      : { ...timeFixed(loop, turns.blockBytes ?? 0, block), last: block + 1 === turns.count };
    signal(SIGSTOP);
    blocks.push(timed);
    answer(timed.last && turns.count === null ? TOKEN_LAST : TOKEN_MORE);
    if (timed.last) break;
  }
  signal(SIGCONT);
  // Fixed blocks report what they asked for, as the C reader's `--blocks` does (the last call of a
  // block may bring up to a chunk more; each block's rate counts what it got).
  const bytes = turns.count === null
    ? blocks.reduce((sum, b) => sum + b.bytes, 0)
    : turns.count * (turns.blockBytes ?? 0);
  const seconds = blocks.reduce((sum, b) => sum + b.seconds, 0);
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB_BYTES,
    ...report,
    usage: usageBetween(before, resourceUsage()),
    fastPathBytes: null,
    blocks: blocks.map((b) => b.bytes / b.seconds / GIB_BYTES),
  };
}

/** One block of `blockBytes` (fixed blocks). */
function timeFixed(loop: ReaderLoop, blockBytes: number, block: number): Block {
  keepOptimized(loop.consume);
  const start = monotonicSeconds();
  const got = loop.consume(blockBytes);
  const seconds = monotonicSeconds() - start;
  if (got < blockBytes) throw new Error(`the writer closed the pipe in block ${block}`);
  return { bytes: got, seconds };
}

/**
 * One block of about `blockSeconds`, in the core reader's stretches (the same calls, the clock
 * read between stretches), ended early once the case is measured: `bytes` and `minSeconds` both
 * reached over this and the earlier `done` blocks (runReader's rule).
 */
function timeBlock(
  loop: ReaderLoop,
  config: ReaderConfig,
  done: readonly Block[],
  blockSeconds: number,
): Block & { last: boolean } {
  const bytesBefore = done.reduce((sum, b) => sum + b.bytes, 0);
  const secondsBefore = done.reduce((sum, b) => sum + b.seconds, 0);
  const start = monotonicSeconds();
  let bytes = 0;
  let seconds = 0;
  for (;;) {
    const total = bytesBefore + bytes;
    const want = total < config.bytes
      ? Math.min(FAST_PATH_STRETCH_BYTES, config.bytes - total)
      : FAST_PATH_STRETCH_BYTES;
    keepOptimized(loop.consume);
    const got = loop.consume(want);
    bytes += got;
    seconds = monotonicSeconds() - start;
    if (got < want) {
      throw new Error(`the writer closed the pipe after ${total + got} of ${config.bytes} measured bytes`);
    }
    if (bytesBefore + bytes >= config.bytes && secondsBefore + seconds >= config.minSeconds) {
      return { bytes, seconds, last: true };
    }
    if (seconds >= blockSeconds) return { bytes, seconds, last: false };
  }
}

if (import.meta.main) {
  runEndpoint<TurnsReaderConfig>(
    "turns reader",
    (config) => console.log(JSON.stringify(runTurnsReader(config, 0, () => console.log("ready")))),
  );
}
