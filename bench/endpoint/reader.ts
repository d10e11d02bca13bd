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
import { O_WRONLY } from "../../ffi/constants.ts";
import {
  dieWithParent,
  disableTransparentHugePages,
  monotonicSeconds,
  pinToCpu,
  resourceUsage,
  unshareFileTable,
  usageBetween,
} from "../../ffi/cpu.ts";
import { endpointBuffer, hugePageReport } from "./buffers.ts";
import { getPipeSize, openPath, setNonBlocking } from "../../ffi/pipe.ts";
import { LOOP_SYMBOLS, type ReaderLoop, readLoop, spliceLoop } from "../../ffi/transfer.ts";
import { verifier } from "./integrity.ts";
import {
  FAST_PATH_STRETCH_BYTES,
  GIB,
  type HugePageReport,
  type ReaderConfig,
  type ReaderResult,
  type TurnsConfig,
} from "./protocol.ts";
import { check } from "../../ffi/errno.ts";
import { libc } from "../../ffi/libc.ts";
import { fastCallProbe } from "../../ffi/fastpath.ts";

const IN = 0;

/**
 * Runs the reader described by `config` on `fd`; returns its measurement. `ready` is called when,
 * in turns mode, the warm-up is done and the writer stopped.
 */
export function runReader(config: ReaderConfig, fd = IN, ready: () => void = () => {}): ReaderResult {
  if (config.cpu !== null) pinToCpu(config.cpu);
  if (config.disableTransparentHugePages) disableTransparentHugePages();
  let loop: ReaderLoop;
  let hugePages: HugePageReport = { requestedBytes: 0, backedBytes: 0 };
  if (config.verifyTag !== null && config.mode !== "read") {
    throw new Error("verify needs reader: read (splice moves pages to /dev/null without looking at them)");
  }
  if (config.mode === "splice") {
    loop = spliceLoop(fd, openPath("/dev/null", O_WRONLY), config.bufferSize, config);
  } else {
    const buffer = endpointBuffer(config.bufferSize, config);
    hugePages = hugePageReport([buffer]);
    const check = config.verifyTag === null ? undefined : verifier(config.verifyTag, buffer.bytes);
    loop = readLoop(fd, buffer, config, check);
  }
  if (config.busyLoop) setNonBlocking(fd, true);

  const warmupBytes = loop.consume(config.warmupBytes);
  if (warmupBytes < config.warmupBytes) {
    throw new Error(`the writer closed the pipe during warm-up, after ${warmupBytes} bytes`);
  }
  const pipeSize = getPipeSize(fd);
  if (config.turns !== undefined) return timeTurns(config.turns, loop, { warmupBytes, pipeSize, hugePages }, ready);
  const minSeconds = config.minSeconds;
  const probe = config.traceFastPath ? fastCallProbe() : null;
  const symbol = LOOP_SYMBOLS[config.mode];
  let fastPathBytes = 0;
  probe?.();
  const before = resourceUsage();
  const start = monotonicSeconds();
  let bytes = 0;
  let seconds = 0;
  for (;;) {
    const want = bytes < config.bytes
      ? Math.min(FAST_PATH_STRETCH_BYTES, config.bytes - bytes)
      : FAST_PATH_STRETCH_BYTES;
    const got = loop.consume(want);
    bytes += got;
    seconds = monotonicSeconds() - start;
    if (probe !== null && probe() === symbol) fastPathBytes += got;
    if (got < want) {
      throw new Error(`the writer closed the pipe after ${bytes} of ${config.bytes} measured bytes`);
    }
    if (bytes >= config.bytes && seconds >= minSeconds) break;
  }
  const usage = usageBetween(before, resourceUsage());
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB,
    warmupBytes,
    usage,
    pipeSize,
    hugePages,
    fastPathBytes: config.traceFastPath ? fastPathBytes : null,
  };
}

const SIGCONT = 18;
const SIGSTOP = 19;

function timeTurns(
  turns: TurnsConfig,
  loop: ReaderLoop,
  report: Pick<ReaderResult, "warmupBytes" | "pipeSize" | "hugePages">,
  ready: () => void,
): ReaderResult {
  const { kill, read, write } = libc();
  const signal = (sig: number) => check(`kill(${turns.writerPid})`, kill(turns.writerPid, sig));
  const token = Deno.UnsafePointer.of(new Uint8Array(1));
  signal(SIGSTOP);
  ready();
  const blocks: number[] = [];
  let seconds = 0;
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
    blocks.push(got / spent / GIB);
    seconds += spent;
  }
  signal(SIGCONT);
  const bytes = turns.count * turns.blockBytes;
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB,
    ...report,
    usage: usageBetween(before, resourceUsage()),
    fastPathBytes: null,
    blocks,
  };
}

if (import.meta.main) {
  try {
    dieWithParent();
    unshareFileTable();
    const config = JSON.parse(Deno.args[0]) as ReaderConfig;
    // The runner may have died before the request above: then nobody waits for this endpoint.
    if (config.parentPid !== undefined && Deno.ppid !== config.parentPid) Deno.exit(1);
    console.log(JSON.stringify(runReader(config, IN, () => console.log("ready"))));
  } catch (error) {
    console.error(`reader: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
