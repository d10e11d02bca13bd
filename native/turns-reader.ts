/**
 * The reader endpoint of `bench:native --turns`: the core reader's set-up and warm-up
 * (`prepareReader` of bench/endpoint/reader.ts), then, instead of one measurement, blocks timed
 * in turns with another writer/reader pair (native/turns.ts). The core endpoints know nothing of
 * it; the C endpoint's `--blocks` mode does the same.
 *
 * Started as `deno run ... native/turns-reader.ts '<TurnsReaderConfig JSON>'` with the pipe on
 * stdin and the token pipes on fds 3 and 4.
 *
 * @module
 */
import { check } from "../ffi/errno.ts";
import { monotonicSeconds, resourceUsage, usageBetween } from "../ffi/cpu.ts";
import { libc } from "../ffi/libc.ts";
import { prepareReader } from "../bench/endpoint/reader.ts";
import { runEndpoint } from "../bench/endpoint/main.ts";
import { GIB_BYTES } from "../model/sizes.ts";
import type { ReaderConfig, ReaderResult } from "../bench/endpoint/protocol.ts";

/**
 * How a reader takes turns with another writer/reader pair: after the warm-up, stop the writer
 * (SIGSTOP) and print `ready`; then `count` times wait for a byte on `tokenIn`, continue the
 * writer, time `blockBytes`, stop the writer, and write the byte to `tokenOut`.
 */
export interface TurnsConfig {
  /** Blocks to time. */
  count: number;
  /** Bytes per block. */
  blockBytes: number;
  /** Descriptor the token arrives on. */
  tokenIn: number;
  /** Descriptor the token leaves on. */
  tokenOut: number;
  /** The writer's pid, stopped between this reader's turns. */
  writerPid: number;
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

const SIGCONT = 18;
const SIGSTOP = 19;

/** Runs the turns reader on `fd`; `ready` is called once it is warmed up and its writer stopped. */
export function runTurnsReader(config: TurnsReaderConfig, fd = 0, ready: () => void = () => {}): TurnsReaderResult {
  const { loop, report } = prepareReader(config, fd);
  const { turns } = config;
  const { kill, read, write } = libc();
  const signal = (sig: number) => check(`kill(${turns.writerPid})`, kill(turns.writerPid, sig));
  const token = Deno.UnsafePointer.of(new Uint8Array(1));
  signal(SIGSTOP);
  ready();
  const blocks: number[] = [];
  let seconds = 0;
  // What the blocks moved: a read asks for a whole chunk, so a block may bring a little more than blockBytes.
  let bytes = 0;
  const before = resourceUsage();
  for (let block = 0; block < turns.count; block++) {
    if (read(turns.tokenIn, token, 1n) !== 1) throw new Error("token pipe: the other pair is gone");
    signal(SIGCONT);
    const start = monotonicSeconds();
    const got = loop.consume(turns.blockBytes);
    const spent = monotonicSeconds() - start;
    signal(SIGSTOP);
    write(turns.tokenOut, token, 1n); // EPIPE once the other pair has finished: fine
    if (got < turns.blockBytes) throw new Error(`the writer closed the pipe in block ${block}`);
    bytes += got;
    blocks.push(got / spent / GIB_BYTES);
    seconds += spent;
  }
  signal(SIGCONT);
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB_BYTES,
    ...report,
    usage: usageBetween(before, resourceUsage()),
    fastPathBytes: null,
    blocks,
  };
}

if (import.meta.main) {
  runEndpoint<TurnsReaderConfig>(
    "turns reader",
    (config) => console.log(JSON.stringify(runTurnsReader(config, 0, () => console.log("ready")))),
  );
}
