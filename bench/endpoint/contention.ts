/**
 * A contention run's endpoint (one of several writers or readers on the one pipe): the same
 * loops as bench/endpoint/writer.ts and reader.ts, timed against the run's start line
 * (bench/endpoint/start-line.ts) instead of on their own. Started by the runner
 * (bench/_contention.ts) as `deno run ... bench/endpoint/contention.ts '<ContentionConfig JSON>' '<name>'`,
 * with the shared page at descriptor {@link START_LINE_FD}; prints its {@link ContentionResult}
 * on stderr after {@link CONTENTION_RESULT_PREFIX} (a writer's stdout is the pipe).
 *
 * A writer warms up, says it is ready and keeps writing; from the start it counts its bytes, and
 * it stops when the start line says so. A reader warms up, says it is ready and keeps reading;
 * from the start it counts and publishes its bytes, until end of file, its clock stopped at its
 * last byte. Every
 * endpoint reports everything it moved too (`totalBytes`, warm-up included): the runner checks
 * that the readers got exactly what the writers sent.
 *
 * @module
 */
import {
  disableTransparentHugePages,
  monotonicSeconds,
  pinToCpu,
  type ResourceUsage,
  resourceUsage,
  usageBetween,
} from "../../ffi/cpu.ts";
import { getPipeSize, setNonBlocking, setPipeSize } from "../../ffi/pipe.ts";
import { mapSharedPage } from "../../ffi/shared-page.ts";
import { sendfileLoop, spliceFileLoop, vmspliceLoop, writeLoop, type WriterLoop } from "../../ffi/transfer.ts";
import { MIB_BYTES } from "../../model/sizes.ts";
import { endpointBuffer, hugePageReport } from "./buffers.ts";
import { runEndpoint } from "./main.ts";
import { migrationsBetween, threadMigrations } from "./migrations.ts";
import type { HugePageReport, ReaderConfig, WriterConfig } from "./protocol.ts";
import { prepareReader } from "./reader.ts";
import { memorySource } from "./source.ts";
import { START_LINE_FD, StartLine } from "./start-line.ts";
import { keepOptimized, warmUp } from "./tier-up.ts";
import { vmspliceBuffers } from "./writer.ts";

/** The prefix of an endpoint's result line on stderr. */
export const CONTENTION_RESULT_PREFIX = "pipespeed-contention-result ";

/** An endpoint's place in the run, and the run's end condition. */
export interface ContentionRole {
  /** Which side it is. */
  side: "writer" | "reader";
  /** Its slot on the start line (writer `i`: `i`; reader `j`: `writers + j`). */
  slot: number;
  /** The run's writers. */
  writers: number;
  /** The run's readers. */
  readers: number;
  /** The writers stop once the readers have measured this many bytes together… */
  bytes: number;
  /** …over a span of this many seconds at least (bench/endpoint/start-line.ts). */
  minSeconds: number;
}

/** What a contention endpoint is told: its side's configuration and its role. */
export type ContentionConfig =
  | WriterConfig & { contention: ContentionRole & { side: "writer" } }
  | ReaderConfig & { contention: ContentionRole & { side: "reader" } };

/** An endpoint's result line. */
export interface ContentionResult {
  side: "writer" | "reader";
  /** Its slot. */
  slot: number;
  /** Bytes moved from its start until it stopped (writer) or met end of file (reader). */
  bytes: number;
  /** Seconds from its start to its stop or end of file. */
  seconds: number;
  /** Its start, monotonic seconds (the same clock in every endpoint). */
  startSeconds: number;
  /** Every byte it moved, warm-up and the run-up to the start included. */
  totalBytes: number;
  /** Bytes of its warm-up. */
  warmupBytes: number;
  /** Usage from its start to its end. */
  usage: ResourceUsage;
  /** Pipe capacity in effect. */
  pipeSize: number;
  /** Huge pages asked for and obtained. */
  hugePages: HugePageReport;
  /** CPU migrations of its main thread while measured, or `null`. */
  migrations: number | null;
}

const OUT = 1;
const IN = 0;

/**
 * Bytes between two looks at the clock and the start line: small enough that every endpoint's
 * start and stop land within a millisecond or so of the shared ones, large enough that the look
 * costs nothing next to the calls.
 */
function stretchBytes(bufferSize: number): number {
  return Math.max(bufferSize, MIB_BYTES / 4);
}

/** The writer's loop on `fd` as its case asks. */
function writerLoop(config: WriterConfig, fd: number): { loop: WriterLoop; hugePages: HugePageReport } {
  if (config.mode === "write") {
    const buffer = endpointBuffer(config.bufferSize, config);
    return { loop: writeLoop(fd, buffer, config), hugePages: hugePageReport([buffer]) };
  }
  if (config.mode === "splice" || config.mode === "sendfile") {
    const source = memorySource(config);
    const loop = config.mode === "splice"
      ? spliceFileLoop(fd, source.file.fd, source.file.size, config)
      : sendfileLoop(fd, source.file.fd, source.file.size, config);
    return { loop, hugePages: source.hugePages };
  }
  // vmsplice, as its one writer (scenario/_rules.ts refuses several): the pipe of half a buffer.
  const each = config.vmspliceBuffers === "whole" ? config.bufferSize : config.bufferSize / 2;
  setPipeSize(fd, config.bufferSize / 2);
  const { pair, allocated } = vmspliceBuffers(config, each);
  return { loop: vmspliceLoop(fd, pair, config), hugePages: hugePageReport(allocated) };
}

/** Runs a writer of a contention run; returns its result once the start line stopped it. */
export function runContendingWriter(config: WriterConfig, role: ContentionRole, fd = OUT): ContentionResult {
  const line = new StartLine(mapSharedPage(START_LINE_FD).cells);
  if (config.cpu !== null) pinToCpu(config.cpu);
  if (config.disableTransparentHugePages) disableTransparentHugePages();
  const { loop, hugePages } = writerLoop(config, fd);
  // sendfile has no SPLICE_F_NONBLOCK: like write(2), it needs O_NONBLOCK on the pipe.
  if (config.busyLoop && (config.mode === "write" || config.mode === "sendfile")) setNonBlocking(fd, true);
  const pipeSize = getPipeSize(fd);
  const readersLeft = () => new Error(`the readers left the pipe before the writers stopped`);
  const warmed = warmUp(loop.pump, config.warmupBytes, (target) => (loop.pump(target), loop.sent()));
  if (warmed < config.warmupBytes) throw readersLeft();
  line.markReady(role.slot);
  const stretch = stretchBytes(config.bufferSize);
  const start = untilStart(line, () => {
    keepOptimized(loop.pump);
    if (!loop.pump(loop.sent() + stretch)) throw readersLeft();
  });
  const base = loop.sent();
  const migrationsBefore = threadMigrations();
  const before = resourceUsage();
  let end: number;
  for (;;) {
    keepOptimized(loop.pump);
    if (!loop.pump(loop.sent() + stretch)) throw readersLeft();
    end = monotonicSeconds();
    const measured = line.readersMeasured(role.writers, role.readers);
    if (measured.started === role.readers && measured.bytes >= role.bytes && measured.seconds >= role.minSeconds) {
      break;
    }
  }
  const usage = usageBetween(before, resourceUsage());
  return {
    side: "writer",
    slot: role.slot,
    bytes: loop.sent() - base,
    seconds: end - start,
    startSeconds: start,
    totalBytes: loop.sent(),
    warmupBytes: warmed,
    usage,
    pipeSize,
    hugePages,
    migrations: migrationsBetween(migrationsBefore, threadMigrations()),
  };
}

/** Runs a reader of a contention run; returns its result at end of file. */
export function runContendingReader(config: ReaderConfig, role: ContentionRole, fd = IN): ContentionResult {
  const line = new StartLine(mapSharedPage(START_LINE_FD).cells);
  const { loop, report } = prepareReader(config, fd);
  line.markReady(role.slot);
  const stretch = stretchBytes(config.bufferSize);
  let total = report.warmupBytes;
  const start = untilStart(line, () => {
    keepOptimized(loop.consume);
    const got = loop.consume(stretch);
    total += got;
    if (got < stretch) throw new Error("the writers closed the pipe before the measurement started");
  });
  const base = total;
  line.publishReaderStart(role.slot, start);
  const migrationsBefore = threadMigrations();
  const before = resourceUsage();
  // One read at a time, each timed: the clock stops at the last byte, not at end of file, which
  // comes only when the writers' processes have exited (a Deno process keeps copies of its
  // descriptors, and the threads outside its own table keep theirs: bench/endpoint/main.ts).
  let last = 0;
  for (let calls = 0;; calls++) {
    if (calls % 64 === 0) keepOptimized(loop.consume);
    const got = loop.consume(1);
    if (got === 0) break; // end of file: every writer has gone
    total += got;
    last = monotonicSeconds();
    line.publishMeasured(role.slot, total - base, last);
  }
  // A reader that got nothing after the start measured nothing, until the end of file.
  const end = last > 0 ? last : monotonicSeconds();
  return {
    side: "reader",
    slot: role.slot,
    bytes: total - base,
    seconds: end - start,
    startSeconds: start,
    totalBytes: total,
    warmupBytes: report.warmupBytes,
    usage: usageBetween(before, resourceUsage()),
    pipeSize: report.pipeSize,
    hugePages: report.hugePages,
    migrations: migrationsBetween(migrationsBefore, threadMigrations()),
  };
}

/** Keeps moving bytes (`step`) until the start line's start has come; returns the moment it was seen. */
function untilStart(line: StartLine, step: () => void): number {
  for (;;) {
    const start = line.start();
    if (start > 0) {
      const now = monotonicSeconds();
      if (now >= start) return now;
    }
    step();
  }
}

if (import.meta.main) {
  runEndpoint<ContentionConfig>(Deno.args[1] ?? "endpoint", (config) => {
    const result = config.contention.side === "writer"
      ? runContendingWriter(config as WriterConfig, config.contention)
      : runContendingReader(config as ReaderConfig, config.contention);
    console.error(CONTENTION_RESULT_PREFIX + JSON.stringify(result));
  });
}
