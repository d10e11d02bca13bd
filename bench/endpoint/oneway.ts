/**
 * The two children of a one-way latency case (`measure: latency` with a `rate`, docs/latency.md):
 * open loop. Started by the runner as `deno run ... bench/endpoint/oneway.ts '<OneWayConfig JSON>'`,
 * once per role:
 *
 * - `sender` (the case's writer process, pinned to `cpus.writer`): waits for the receiver's ready
 *   byte on fd 3, then sends message i at its intended time start + i / rate, stamped with that
 *   time (`CLOCK_MONOTONIC` ns, the first 8 bytes), on its stdout (the case's pipe). Late (the pipe
 *   full, the CPU taken), it sends at once and keeps the schedule: the next messages are not
 *   spaced out to catch up, so a stall shows in every message it delayed (no coordinated
 *   omission). Between messages it sleeps when the wait is long and spins the last 200 µs.
 * - `receiver` (the reader process, pinned to `cpus.reader`): writes the ready byte on fd 3, reads
 *   each message whole (at most PIPE_BUF, written atomically) and records arrival − intended into a
 *   histogram (stats/histogram.ts) after the warm-up messages; prints its result line on stdout.
 *
 * Both processes read the same clock (`CLOCK_MONOTONIC` is system-wide), so arrival − intended is
 * the one-way latency plus any queueing behind earlier messages.
 *
 * @module
 */
import { monotonicNanosecondsClock } from "../../ffi/clock.ts";
import { pinToCpu, resourceUsage, usageBetween } from "../../ffi/cpu.ts";
import { getPipeSize, setNonBlocking, setPipeSize } from "../../ffi/pipe.ts";
import { LOOP_SYMBOLS, readLoop, writeLoop } from "../../ffi/transfer.ts";
import { allocateBuffer } from "../../ffi/memory.ts";
import { GIB_BYTES } from "../../model/sizes.ts";
import { Histogram } from "../../stats/histogram.ts";
import { endpointBuffer, hugePageReport } from "./buffers.ts";
import { callCheck } from "./call-trace.ts";
import { runEndpoint } from "./main.ts";
import { migrationsBetween, threadMigrations } from "./migrations.ts";
import { WRITER_RESULT_PREFIX, type WriterResult } from "./protocol.ts";
import type { RoundTripConfig, RoundTripResult } from "./roundtrip.ts";
import { keepOptimized, warmUp } from "./tier-up.ts";

/** What each side of a one-way case is told (a round trip's configuration, with the rate). */
export interface OneWayConfig extends Omit<RoundTripConfig, "role" | "send" | "receive"> {
  /** `sender` keeps the schedule; `receiver` times each message's arrival. */
  role: "sender" | "receiver";
  /** Messages per second. */
  rate: number;
}

/** The receiver's result: a round trip's, its count the messages timed, with the offered and delivered rates. */
export interface OneWayResult extends RoundTripResult {
  /**
   * The histogram (ns of arrival − intended) and the rates: `deliveredRate` is the messages timed
   * over the time from the first one's due time to the last one's arrival.
   */
  latency: RoundTripResult["latency"] & { rate: number; deliveredRate: number };
}

/** The ready byte goes over the runner's second pipe: the receiver writes fd 3, the sender reads its fd 3. */
const READY_FD = 3;
/** Below this wait (ns), the sender spins on the clock rather than sleep (a sleep overshoots by ~50-80 µs). */
const SPIN_NS = 200_000;

/** Sends the warm-up and timed messages on schedule; returns the sender's result. */
export function runSender(config: OneWayConfig): WriterResult {
  if (config.cpu !== null) pinToCpu(config.cpu);
  if (config.pipeBytes !== null) setPipeSize(1, config.pipeBytes);
  const size = config.messageSize;
  const buffer = endpointBuffer(size, config);
  const sender = writeLoop(1, buffer, config);
  if (config.busyLoop) setNonBlocking(1, true);
  const stamp = new DataView(buffer.bytes.buffer, buffer.bytes.byteOffset, 8);
  const now = monotonicNanosecondsClock();
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const interval = 1e9 / config.rate;
  // Wait for the receiver: messages sent before it reads would queue behind its start-up.
  const ready = allocateBuffer(1, {});
  if (readLoop(READY_FD, ready).consume(1) < 1) throw new Error("the receiver left before it was ready");
  const start = new Float64Array([now() + 1e6]);
  // Messages sent, and (--trace-fast-path) those whose call went fast.
  const done = new Float64Array(2);
  const went = callCheck(config.traceFastPath);
  /** Sends until `target` messages were sent in all; returns the count (less: the receiver left). */
  const send = (target: number): number => {
    let count = done[0];
    while (count < target) {
      const intended = start[0] + count * interval;
      let wait = intended - now();
      if (wait > SPIN_NS) Atomics.wait(sleeper, 0, 0, (wait - SPIN_NS) / 1e6);
      while (wait > 0) wait = intended - now();
      stamp.setFloat64(0, intended, true);
      if (!sender.pump(sender.sent() + size)) break;
      if (went !== null && went(LOOP_SYMBOLS.write)) done[1]++;
      count++;
    }
    done[0] = count;
    return count;
  };
  const migrationsBefore = threadMigrations();
  const before = resourceUsage();
  const total = config.warmupRoundTrips + config.roundTrips;
  warmUp(send, config.warmupRoundTrips, send);
  done[1] = 0;
  const stretch = Math.max(1, Math.ceil(config.roundTrips / 16));
  for (let last = -1; done[0] < total && done[0] !== last;) {
    last = done[0];
    keepOptimized(send);
    send(Math.min(total, done[0] + stretch));
  }
  return {
    side: "writer",
    bytes: size * Math.max(0, done[0] - config.warmupRoundTrips),
    usage: usageBetween(before, resourceUsage()),
    pipeSize: getPipeSize(1),
    hugePages: hugePageReport([buffer]),
    fastPathBytes: went === null ? null : size * done[1],
    migrations: migrationsBetween(migrationsBefore, threadMigrations()),
  };
}

/** Says it is ready, then times every message's arrival against its stamp; returns the receiver's result. */
export function runReceiver(config: OneWayConfig): OneWayResult {
  if (config.cpu !== null) pinToCpu(config.cpu);
  const size = config.messageSize;
  const buffer = endpointBuffer(size, config);
  const receiver = readLoop(0, buffer, config);
  if (config.busyLoop) setNonBlocking(0, true);
  const stamp = new DataView(buffer.bytes.buffer, buffer.bytes.byteOffset, 8);
  const histogram = new Histogram();
  const now = monotonicNanosecondsClock();
  // Messages received, and (--trace-fast-path) those whose call went fast.
  const done = new Float64Array(2);
  const went = callCheck(config.traceFastPath);
  /** Receives until `target` messages arrived in all, each timed into the histogram. */
  const receive = (target: number): number => {
    let count = done[0];
    while (count < target) {
      if (receiver.consume(size) < size) throw new Error(`the sender left after ${count} messages`);
      if (went !== null && went(LOOP_SYMBOLS.read)) done[1]++;
      const late = now() - stamp.getFloat64(0, true);
      histogram.record(late > 0 ? late : 0);
      count++;
    }
    done[0] = count;
    return count;
  };
  const ready = allocateBuffer(1, {});
  writeLoop(READY_FD, ready).pump(1);
  warmUp(receive, config.warmupRoundTrips, receive);
  histogram.reset();
  done[1] = 0;
  const warmed = done[0];
  // The first timed message was due one interval after the last warm-up message's stamp.
  const firstDue = stamp.getFloat64(0, true) + 1e9 / config.rate;
  const migrationsBefore = threadMigrations();
  const before = resourceUsage();
  const start = now();
  const stretch = Math.max(1, Math.ceil(config.roundTrips / 16));
  while (done[0] < warmed + config.roundTrips) {
    keepOptimized(receive);
    receive(Math.min(warmed + config.roundTrips, done[0] + stretch));
  }
  const end = now();
  const seconds = (end - start) / 1e9;
  const bytes = size * config.roundTrips;
  return {
    side: "reader",
    bytes,
    seconds,
    gibPerSecond: bytes / seconds / GIB_BYTES,
    warmupBytes: size * warmed,
    usage: usageBetween(before, resourceUsage()),
    pipeSize: getPipeSize(0),
    hugePages: hugePageReport([buffer]),
    fastPathBytes: went === null ? null : size * done[1],
    migrations: migrationsBetween(migrationsBefore, threadMigrations()),
    latency: {
      roundTrips: config.roundTrips,
      messageSize: size,
      histogram: histogram.toCompact(),
      rate: config.rate,
      // From the first timed message's due time to the last arrival: the offered rate while the pipe
      // keeps up, less once it saturates (a backlog drained faster does not count as more).
      deliveredRate: config.roundTrips / ((end - Math.min(firstDue, start)) / 1e9),
    },
  };
}

if (import.meta.main) {
  runEndpoint<OneWayConfig>("oneway", (config) => {
    if (config.role === "receiver") console.log(JSON.stringify(runReceiver(config)));
    else console.error(WRITER_RESULT_PREFIX + JSON.stringify(runSender(config)));
  });
}
