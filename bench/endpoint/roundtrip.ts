/**
 * The two children of a latency case (`measure: latency`, docs/latency.md): round trips of one
 * message over two pipes. Started by the runner as `deno run ... bench/endpoint/roundtrip.ts
 * '<RoundTripConfig JSON>'`, once per role:
 *
 * - `echo` (the case's writer process, pinned to `cpus.writer`): receives each message on fd 3 (the
 *   read end of the second pipe) and sends it back on its stdout (the case's pipe); at end of file
 *   it prints a writer result line on stderr.
 * - `initiator` (the reader process, pinned to `cpus.reader`): sends a message on fd 3 (the second
 *   pipe's write end) and waits for it to come back on its stdin; after a warm-up it times every
 *   round trip with `CLOCK_MONOTONIC` into a histogram (stats/histogram.ts) and prints its result
 *   line, with the histogram, on stdout.
 *
 * Both sides send with the case's `writer` mode (`write`, `vmsplice`) and receive with its
 * `reader` mode (`read`, `splice` to /dev/null), with the loops of ffi/transfer.ts: each
 * round trip is one `pump` and one `consume`, allocation-free. `busyLoop` makes every call
 * non-blocking and retried (busy poll).
 *
 * @module
 */
import { O_WRONLY } from "../../ffi/constants.ts";
import { monotonicNanosecondsClock } from "../../ffi/clock.ts";
import { pinToCpu, type ResourceUsage, resourceUsage, usageBetween } from "../../ffi/cpu.ts";
import type { MappedBuffer } from "../../ffi/memory.ts";
import { getPipeSize, openPath, setNonBlocking, setPipeSize } from "../../ffi/pipe.ts";
import {
  LOOP_SYMBOLS,
  type ReaderLoop,
  readLoop,
  spliceLoop,
  vmspliceLoop,
  writeLoop,
  type WriterLoop,
} from "../../ffi/transfer.ts";
import { GIB_BYTES } from "../../model/sizes.ts";
import { type CompactHistogram, Histogram } from "../../stats/histogram.ts";
import { endpointBuffer, hugePageReport } from "./buffers.ts";
import { callCheck } from "./call-trace.ts";
import { runEndpoint } from "./main.ts";
import { migrationsBetween, threadMigrations } from "./migrations.ts";
import { type EndpointConfig, type ReaderResult, WRITER_RESULT_PREFIX, type WriterResult } from "./protocol.ts";
import { keepOptimized, warmUp } from "./tier-up.ts";

/** What each side of a latency case is told. */
export interface RoundTripConfig extends EndpointConfig {
  /** `initiator` times the round trips; `echo` sends each message back. */
  role: "initiator" | "echo";
  /** How messages are sent (the case's writer mode). */
  send: "write" | "vmsplice";
  /** How messages are received (the case's reader mode). */
  receive: "read" | "splice";
  /** Bytes of each message, each way. */
  messageSize: number;
  /** Round trips timed. */
  roundTrips: number;
  /** Round trips before the clock starts. */
  warmupRoundTrips: number;
  /** The capacity to give the pipe this side sends on, or `null` for the kernel's. */
  pipeBytes: number | null;
}

/** The initiator's result line: a reader result (bytes both ways) with the round trips' histogram. */
export interface RoundTripResult extends ReaderResult {
  /** The round trips timed and their histogram (ns). */
  latency: { roundTrips: number; messageSize: number; histogram: CompactHistogram };
}

/** The initiator's descriptors: it sends on the second pipe, receives on its stdin. */
const INITIATOR_FDS = { send: 3, receive: 0 };
/** The echo's descriptors: it receives on the second pipe, sends on its stdout. */
const ECHO_FDS = { send: 1, receive: 3 };

/** One side's two loops and its buffers. */
interface Ends {
  sender: WriterLoop;
  receiver: ReaderLoop;
  buffers: MappedBuffer[];
  pipeSize: number;
}

/** Sets up both loops of a side: its sending pipe sized, its buffers allocated, busy poll on. */
function openEnds(config: RoundTripConfig, fds: { send: number; receive: number }): Ends {
  if (config.pipeBytes !== null) setPipeSize(fds.send, config.pipeBytes);
  const buffers: MappedBuffer[] = [];
  let sender: WriterLoop;
  if (config.send === "vmsplice") {
    // Two buffers alternated, as the stream's writer does; a message is always consumed before
    // its answer arrives, so a buffer is never rewritten while its pages are in the pipe.
    const pair: [MappedBuffer, MappedBuffer] = [
      endpointBuffer(config.messageSize, config),
      endpointBuffer(config.messageSize, config),
    ];
    buffers.push(...pair);
    sender = vmspliceLoop(fds.send, pair, config);
  } else {
    const buffer = endpointBuffer(config.messageSize, config);
    buffers.push(buffer);
    sender = writeLoop(fds.send, buffer, config);
    if (config.busyLoop) setNonBlocking(fds.send, true);
  }
  let receiver: ReaderLoop;
  if (config.receive === "splice") {
    receiver = spliceLoop(fds.receive, openPath("/dev/null", O_WRONLY), config.messageSize, config);
  } else {
    const buffer = endpointBuffer(config.messageSize, config);
    buffers.push(buffer);
    receiver = readLoop(fds.receive, buffer, config);
    if (config.busyLoop) setNonBlocking(fds.receive, true);
  }
  return { sender, receiver, buffers, pipeSize: getPipeSize(fds.send) };
}

/** The FFI symbols of a side's sending and receiving calls (`--trace-fast-path`). */
function symbolsOf(config: RoundTripConfig): { send: string; receive: string } {
  return { send: LOOP_SYMBOLS[config.send], receive: LOOP_SYMBOLS[config.receive] };
}

/** Times `roundTrips` round trips after the warm-up; returns the initiator's result. */
export function runInitiator(config: RoundTripConfig): RoundTripResult {
  if (config.cpu !== null) pinToCpu(config.cpu);
  const { sender, receiver, buffers, pipeSize } = openEnds(config, INITIATOR_FDS);
  const size = config.messageSize;
  const histogram = new Histogram();
  const now = monotonicNanosecondsClock();
  // Round trips done so far, and (--trace-fast-path) those whose both calls went fast, in a typed
  // array: no heap number per round trip.
  const done = new Float64Array(2);
  const went = callCheck(config.traceFastPath);
  const { send, receive } = symbolsOf(config);
  /** Runs round trips until `target` are done, each timed into the histogram. */
  const roundTrips = (target: number): number => {
    let count = done[0];
    while (count < target) {
      const start = now();
      if (!sender.pump(sender.sent() + size)) throw new Error("the echo side closed its pipe (EPIPE)");
      const sentFast = went !== null && went(send);
      if (receiver.consume(size) < size) throw new Error(`the echo side left after ${count} round trips`);
      if (went !== null && went(receive) && sentFast) done[1]++;
      histogram.record(now() - start);
      count++;
    }
    done[0] = count;
    return count;
  };
  warmUp(roundTrips, config.warmupRoundTrips, roundTrips);
  histogram.reset();
  done[1] = 0;
  const warmed = done[0];
  const migrationsBefore = threadMigrations();
  const before = resourceUsage();
  const start = now();
  // In stretches, so that a loop that lost its optimized code gets it back (tier-up.ts).
  const stretch = Math.max(1, Math.ceil(config.roundTrips / 16));
  while (done[0] < warmed + config.roundTrips) {
    keepOptimized(roundTrips);
    roundTrips(Math.min(warmed + config.roundTrips, done[0] + stretch));
  }
  const seconds = (now() - start) / 1e9;
  const usage = usageBetween(before, resourceUsage());
  const migrations = migrationsBetween(migrationsBefore, threadMigrations());
  const bytes = 2 * size * config.roundTrips;
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB_BYTES,
    warmupBytes: 2 * size * warmed,
    usage,
    pipeSize,
    hugePages: hugePageReport(buffers),
    fastPathBytes: went === null ? null : 2 * size * done[1],
    migrations,
    latency: { roundTrips: config.roundTrips, messageSize: size, histogram: histogram.toCompact() },
  };
}

/** Sends every message back until the initiator closes its pipe; returns the echo's result. */
export function runEcho(config: RoundTripConfig): WriterResult {
  if (config.cpu !== null) pinToCpu(config.cpu);
  const { sender, receiver, buffers, pipeSize } = openEnds(config, ECHO_FDS);
  const size = config.messageSize;
  // Messages echoed, and (--trace-fast-path) those whose both calls went fast.
  const done = new Float64Array(2);
  const went = callCheck(config.traceFastPath);
  const { send, receive } = symbolsOf(config);
  /** Echoes until `target` messages were echoed in all, or end of file; returns the count. */
  const echo = (target: number): number => {
    let count = done[0];
    while (count < target) {
      if (receiver.consume(size) < size) break;
      const receivedFast = went !== null && went(receive);
      if (!sender.pump(sender.sent() + size)) break;
      if (went !== null && went(send) && receivedFast) done[1]++;
      count++;
    }
    done[0] = count;
    return count;
  };
  warmUp(echo, config.warmupRoundTrips, echo);
  done[1] = 0;
  const warmed = done[0];
  let before: ResourceUsage | undefined;
  let migrationsBefore: number | null = null;
  if (warmed >= config.warmupRoundTrips) {
    migrationsBefore = threadMigrations();
    before = resourceUsage();
    for (let last = -1; done[0] !== last;) {
      last = done[0];
      keepOptimized(echo);
      echo(done[0] + 4096);
    }
  }
  const after = resourceUsage();
  return {
    side: "writer",
    bytes: size * (done[0] - warmed),
    usage: usageBetween(before ?? after, after),
    pipeSize,
    hugePages: hugePageReport(buffers),
    fastPathBytes: went === null ? null : size * done[1],
    migrations: migrationsBetween(migrationsBefore, threadMigrations()),
  };
}

if (import.meta.main) {
  runEndpoint<RoundTripConfig>("roundtrip", (config) => {
    if (config.role === "initiator") console.log(JSON.stringify(runInitiator(config)));
    else console.error(WRITER_RESULT_PREFIX + JSON.stringify(runEcho(config)));
  });
}
