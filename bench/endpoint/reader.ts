/**
 * The reader child: consumes its stdin (the pipe), times the measured part, and prints one JSON
 * line on stdout. Started by the runner as `deno run ... bench/endpoint/reader.ts '<ReaderConfig JSON>'`.
 *
 * Timing: a warm-up of `warmupBytes` runs first (JIT, page faults, pipe primed) outside the clock;
 * the clock then runs from just before the first measured call to the return of the call that
 * delivers the last byte.
 *
 * @module
 */
import { O_WRONLY, PAGE_SIZE } from "../../ffi/constants.ts";
import { disableTransparentHugePages, monotonicSeconds, pinToCpu, resourceUsage, usageBetween } from "../../ffi/cpu.ts";
import { endpointBuffer, hugePageReport } from "./buffers.ts";
import { createPipe, getPipeSize, openPath, setNonBlocking, setPipeSize } from "../../ffi/pipe.ts";
import {
  checksumReadLoop,
  LOOP_SYMBOLS,
  type ReaderLoop,
  readLoop,
  spliceLoop,
  teeSpliceLoop,
} from "../../ffi/transfer.ts";
import { memfdCreate } from "../../ffi/memfd.ts";
import { createSocketPair } from "../../ffi/socket.ts";
import { type Consumer, startConsumer } from "./sink.ts";
import { verifier } from "./integrity.ts";
import { runEndpoint } from "./main.ts";
import { keepOptimized, warmUp } from "./tier-up.ts";
import { migrationsBetween, threadMigrations } from "./migrations.ts";
import { GIB_BYTES, MIB_BYTES } from "../../model/sizes.ts";
import { FAST_PATH_STRETCH_BYTES, type HugePageReport, type ReaderConfig, type ReaderResult } from "./protocol.ts";
import { fastCallProbe } from "../../ffi/fastpath.ts";

const IN = 0;

/** A reader set up and warmed up: its loop, and what it reports besides the measurement. */
export interface PreparedReader {
  /** The loop, on the pipe, past the warm-up. */
  loop: ReaderLoop;
  /** The result's fields known before the clock starts. */
  report: Pick<ReaderResult, "warmupBytes" | "pipeSize" | "hugePages">;
  /** The consumers of a `socket` sink and a `tee` stage (the reader must {@link Consumer.finish} them). */
  consumers: Consumer[];
}

/**
 * A loop's failure, explained by the consumer when it ended first (the reader then sees `EPIPE`:
 * the consumer's reason is the one to report).
 */
function explained(error: unknown, consumers: readonly Consumer[]): unknown {
  const reason = consumers.map((consumer) => consumer.ended()).find((ended) => ended !== null) ?? null;
  return reason === null ? error : new Error(reason);
}

/** A pipe for the tee stage: as large as a buffer, within the unprivileged limit's default (1 MiB). */
function teePipe(bufferSize: number): { readFd: number; writeFd: number } {
  const ends = createPipe();
  setPipeSize(ends.writeFd, Math.max(PAGE_SIZE, Math.min(bufferSize, MIB_BYTES)));
  return ends;
}

/**
 * Sets up the reader described by `config` on `fd` (pinning, buffer, loop) and runs its warm-up.
 * Shared by {@link runReader} and other readers built on the same pieces.
 */
export function prepareReader(config: ReaderConfig, fd = IN): PreparedReader {
  if (config.cpu !== null) pinToCpu(config.cpu);
  if (config.disableTransparentHugePages) disableTransparentHugePages();
  let loop: ReaderLoop;
  let hugePages: HugePageReport = { requestedBytes: 0, backedBytes: 0 };
  if (config.verifyTag !== null && config.mode !== "read") {
    throw new Error("verify needs reader: read (splice moves pages to /dev/null without looking at them)");
  }
  const consumers: Consumer[] = [];
  if (config.mode === "splice") {
    const consumerOptions = {
      bufferSize: config.bufferSize,
      checksum: config.consume === "checksum",
      stopAfter: config.sinkStopAfter,
    };
    // The sink: /dev/null, a memory file written at offsets that wrap every four buffers (so it
    // does not grow), or a socket pair whose other end a consumer thread reads to the end.
    let sinkFd: number;
    let sinkWrap: number | undefined;
    if (config.sink === "socket") {
      const ends = createSocketPair();
      consumers.push(startConsumer("sink: socket", ends.sendFd, ends.receiveFd, consumerOptions));
      sinkFd = ends.sendFd;
    } else if (config.sink === "memfd") {
      sinkFd = memfdCreate("pipespeed-sink");
      sinkWrap = 4 * config.bufferSize;
    } else sinkFd = openPath("/dev/null", O_WRONLY);
    if (config.tee) {
      // The tee stage's second pipe, drained by its own consumer thread.
      const second = teePipe(config.bufferSize);
      consumers.push(startConsumer("tee", second.writeFd, second.readFd, consumerOptions));
      loop = teeSpliceLoop(fd, second.writeFd, sinkFd, config.bufferSize, config, sinkWrap);
    } else loop = spliceLoop(fd, sinkFd, config.bufferSize, config, sinkWrap);
  } else if (config.mode === "read") {
    const buffer = endpointBuffer(config.bufferSize, config);
    hugePages = hugePageReport([buffer]);
    const check = config.verifyTag === null ? undefined : verifier(config.verifyTag, buffer.bytes);
    loop = config.consume === "checksum" && check === undefined
      ? checksumReadLoop(fd, buffer, new Uint32Array(1), config)
      : readLoop(fd, buffer, config, check);
  } else {
    // A mode added to the field table must be handled here: this line stops compiling until it is.
    const unhandled: never = config.mode;
    throw new Error(`reader: unknown mode ${JSON.stringify(unhandled)}`);
  }
  // Busy looping: read(2) needs O_NONBLOCK on the pipe; splice has SPLICE_F_NONBLOCK, and the post's
  // program sets O_NONBLOCK for read only, so this reader does the same.
  if (config.busyLoop && config.mode === "read") setNonBlocking(fd, true);

  let warmed = 0;
  let warmupBytes: number;
  try {
    warmupBytes = warmUp(loop.consume, config.warmupBytes, (target) => (warmed += loop.consume(target - warmed)));
  } catch (error) {
    throw explained(error, consumers);
  }
  if (warmupBytes < config.warmupBytes) {
    throw new Error(`the writer closed the pipe during warm-up, after ${warmupBytes} bytes`);
  }
  return { loop, report: { warmupBytes, pipeSize: getPipeSize(fd), hugePages }, consumers };
}

/** Runs the reader described by `config` on `fd`; returns its measurement. */
export function runReader(config: ReaderConfig, fd = IN): ReaderResult {
  const { loop, report, consumers } = prepareReader(config, fd);
  const minSeconds = config.minSeconds;
  const probe = config.traceFastPath ? fastCallProbe() : null;
  const symbol = config.mode === "splice" && config.tee ? LOOP_SYMBOLS.tee : LOOP_SYMBOLS[config.mode];
  let fastPathBytes = 0;
  probe?.();
  const migrationsBefore = threadMigrations();
  const before = resourceUsage();
  const start = monotonicSeconds();
  let bytes = 0;
  let seconds = 0;
  let end = start;
  for (;;) {
    const want = bytes < config.bytes
      ? Math.min(FAST_PATH_STRETCH_BYTES, config.bytes - bytes)
      : FAST_PATH_STRETCH_BYTES;
    keepOptimized(loop.consume);
    let got: number;
    try {
      got = loop.consume(want);
    } catch (error) {
      throw explained(error, consumers);
    }
    bytes += got;
    end = monotonicSeconds();
    seconds = end - start;
    if (probe !== null && probe() === symbol) fastPathBytes += got;
    if (got < want) {
      throw new Error(`the writer closed the pipe after ${bytes} of ${config.bytes} measured bytes`);
    }
    if (bytes >= config.bytes && seconds >= minSeconds) break;
  }
  const usage = usageBetween(before, resourceUsage());
  const migrations = migrationsBetween(migrationsBefore, threadMigrations());
  // After the clock: each consumer must have read every byte the reader took.
  for (const consumer of consumers) consumer.finish(report.warmupBytes + bytes);
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB_BYTES,
    warmupBytes: report.warmupBytes,
    usage,
    pipeSize: report.pipeSize,
    hugePages: report.hugePages,
    fastPathBytes: config.traceFastPath ? fastPathBytes : null,
    migrations,
    measuredWindow: { start, end },
  };
}

if (import.meta.main) {
  runEndpoint<ReaderConfig>("reader", (config) => console.log(JSON.stringify(runReader(config))));
}
