/**
 * The writer child: sends to its stdout (the pipe) until the reader goes away, then prints its
 * result line on stderr. Started by the runner as `deno run ... bench/endpoint/writer.ts '<WriterConfig JSON>'`.
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
import type { MappedBuffer } from "../../ffi/memory.ts";
import { getPipeSize, setNonBlocking, setPipeSize } from "../../ffi/pipe.ts";
import {
  type BeforeSend,
  LOOP_SYMBOLS,
  sendfileLoop,
  spliceFileLoop,
  vmspliceLoop,
  writeLoop,
  type WriterLoop,
} from "../../ffi/transfer.ts";
import { type MemorySource, memorySource } from "./source.ts";
import { fastCallProbe } from "../../ffi/fastpath.ts";
import { endpointBuffer, hugePageReport } from "./buffers.ts";
import { stamper } from "./integrity.ts";
import { runEndpoint } from "./main.ts";
import { keepOptimized, warmUp } from "./tier-up.ts";
import { migrationsBetween, threadMigrations } from "./migrations.ts";
import {
  FAST_PATH_STRETCH_BYTES,
  type MeasuredWindow,
  WRITER_RESULT_PREFIX,
  type WriterConfig,
  type WriterResult,
} from "./protocol.ts";

const OUT = 1;

/** Splits one contiguous buffer into two views of half its size. */
function splitInHalves(buffer: MappedBuffer): [MappedBuffer, MappedBuffer] {
  const half = buffer.size / 2;
  const view = (offset: number): MappedBuffer => ({
    pointer: buffer.at(offset),
    address: buffer.address + offset,
    size: half,
    mappedSize: half,
    hugePages: buffer.hugePages,
    bytes: buffer.bytes.subarray(offset, offset + half),
    at: (more) => buffer.at(offset + more),
    free: () => {},
  });
  return [view(0), view(half)];
}

/**
 * The two vmsplice buffers and what was allocated for them: each of half `bufferSize` (`halves`)
 * or of `bufferSize` (`whole`), allocated apart, or as the halves of one allocation (`sameBuffer`).
 */
export function vmspliceBuffers(
  config: WriterConfig,
  each: number,
): { pair: [MappedBuffer, MappedBuffer]; allocated: MappedBuffer[] } {
  if (config.sameBuffer) {
    const whole = endpointBuffer(2 * each, config);
    return { pair: splitInHalves(whole), allocated: [whole] };
  }
  const pair: [MappedBuffer, MappedBuffer] = [endpointBuffer(each, config), endpointBuffer(each, config)];
  return { pair, allocated: pair };
}

/** Runs the writer described by `config` on `fd`; returns its result once the reader is gone. */
export function runWriter(config: WriterConfig, fd = OUT): WriterResult {
  if (config.cpu !== null) pinToCpu(config.cpu);
  if (config.disableTransparentHugePages) disableTransparentHugePages();
  let buffers: MappedBuffer[];
  let source: MemorySource | undefined;
  let loop: WriterLoop;
  // Integrity stamps go on each buffer right before it is sent.
  let stamps: ((streamOffset: number) => void)[] = [];
  const beforeSend: BeforeSend | undefined = config.verifyTag === null
    ? undefined
    : (index) => stamps[index](loop.sent());
  if (config.mode === "vmsplice") {
    // The post's rule, in both layouts: the pipe holds half of bufferSize, no more pages than one
    // buffer fills, so once a buffer's last call returns the pipe holds none of the other's pages
    // and the other may be reused (scenario/_rules.ts states it for each layout).
    const each = config.vmspliceBuffers === "whole" ? config.bufferSize : config.bufferSize / 2;
    // unsafeReuse: a pipe that holds both buffers, with room to spare.
    setPipeSize(fd, config.unsafeReuse ? 4 * each : config.bufferSize / 2);
    const { pair, allocated } = vmspliceBuffers(config, each);
    buffers = allocated;
    if (config.verifyTag !== null) stamps = pair.map((b) => stamper(config.verifyTag!, b.bytes));
    loop = vmspliceLoop(fd, pair, config, beforeSend);
  } else if (config.mode === "write") {
    if (config.pipeSize !== null) setPipeSize(fd, config.pipeSize);
    const buffer = endpointBuffer(config.bufferSize, config);
    buffers = [buffer];
    if (config.verifyTag !== null) stamps = [stamper(config.verifyTag, buffer.bytes)];
    loop = writeLoop(fd, buffer, config, beforeSend);
  } else if (config.mode === "splice" || config.mode === "sendfile") {
    if (config.pipeSize !== null) setPipeSize(fd, config.pipeSize);
    // The source is a memory file of bufferSize bytes, filled once (bench/endpoint/source.ts).
    source = memorySource(config);
    buffers = [];
    loop = config.mode === "splice"
      ? spliceFileLoop(fd, source.file.fd, source.file.size, config)
      : sendfileLoop(fd, source.file.fd, source.file.size, config);
  } else {
    // A mode added to the field table must be handled here: this line stops compiling until it is.
    const unhandled: never = config.mode;
    throw new Error(`writer: unknown mode ${JSON.stringify(unhandled)}`);
  }
  // Busy looping: write(2) needs O_NONBLOCK on the pipe; vmsplice ignores it (only SPLICE_F_NONBLOCK
  // counts) and the post's program does not set it there, so neither does this writer.
  // sendfile has no SPLICE_F_NONBLOCK either: like write(2), it needs O_NONBLOCK on the pipe.
  if (config.busyLoop && (config.mode === "write" || config.mode === "sendfile")) setNonBlocking(fd, true);
  const hugePages = source?.hugePages ?? hugePageReport(buffers);
  const pipeSize = getPipeSize(fd);

  let before: ResourceUsage | undefined;
  let migrationsBefore: number | null = null;
  let warmupSent = 0;
  let measuredWindow: MeasuredWindow | undefined;
  const probe = config.traceFastPath ? fastCallProbe() : null;
  const symbol = LOOP_SYMBOLS[config.mode];
  let fastPathBytes = 0;
  const warmed = warmUp(loop.pump, config.warmupBytes, (target) => (loop.pump(target), loop.sent()));
  if (warmed >= config.warmupBytes) {
    warmupSent = loop.sent();
    migrationsBefore = threadMigrations();
    before = resourceUsage();
    probe?.();
    const start = monotonicSeconds();
    // In stretches, like the reader, until the reader leaves (EPIPE).
    for (let sent = warmupSent;;) {
      keepOptimized(loop.pump);
      const more = loop.pump(sent + FAST_PATH_STRETCH_BYTES);
      if (probe !== null && probe() === symbol) fastPathBytes += loop.sent() - sent;
      sent = loop.sent();
      if (!more) break;
    }
    measuredWindow = { start, end: monotonicSeconds() };
  }
  const after = resourceUsage();
  const migrations = migrationsBetween(migrationsBefore, threadMigrations());
  return {
    side: "writer",
    bytes: loop.sent() - warmupSent,
    usage: usageBetween(before ?? after, after),
    pipeSize,
    hugePages,
    fastPathBytes: config.traceFastPath ? fastPathBytes : null,
    migrations,
    ...(measuredWindow === undefined ? {} : { measuredWindow }),
  };
}

if (import.meta.main) {
  runEndpoint<WriterConfig>(
    "writer",
    (config) => console.error(WRITER_RESULT_PREFIX + JSON.stringify(runWriter(config))),
  );
}
