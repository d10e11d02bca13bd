/**
 * The contract between the runner and its child processes: the configuration a child receives
 * (one JSON argument) and the one JSON line it prints when done.
 *
 * @module
 */
import type { ResourceUsage } from "../../ffi/cpu.ts";
import type { EndpointFields } from "../../model/params.ts";
import type { HugePageReport } from "../../model/results-schema.ts";

export type { HugePageReport };

/**
 * The version of this contract. `pipespeed ab` runs another checkout's endpoints with configurations
 * built here, and refuses two versions whose numbers differ. Bump it when a configuration or a
 * result line changes in a way another version's endpoint or runner would misread: a field added
 * to a configuration, a field removed, renamed or given another meaning, here or as an endpoint
 * field of model/fields.ts. A result field the runner reads only when present (`migrations`,
 * `measuredWindow`) is not such a change: an endpoint without it is still understood.
 * tests/ab/protocol_test.ts pins what this version sends and fails until the number moves. A checkout
 * older than this constant is version 1 when this file, comments aside, is the same without it.
 */
export const PROTOCOL_VERSION = 3;

/**
 * When a side's measured part ran: `CLOCK_MONOTONIC` seconds at its start and its end. `--profile`
 * records with that clock and keeps only the side's samples inside (bench/profile/).
 */
export interface MeasuredWindow {
  /** When the measured part started (the reader: its clock's start). */
  start: number;
  /** When it ended (the reader: the return of the call that delivered the last byte). */
  end: number;
}

/** What the runner tells both ends besides the case fields. */
interface EndpointExtras {
  /** Bytes moved before the measured part starts (JIT warm-up, pages faulted, pipe primed). */
  warmupBytes: number;
  /** The runner's pid: an endpoint whose parent is already someone else exits at once. */
  parentPid?: number;
  /** Tests only: `PR_SET_THP_DISABLE`, so huge pages are asked for and not obtained. */
  disableTransparentHugePages?: boolean;
  /**
   * Report `fastPathBytes` (ffi/fastpath.ts). The runner sets it together with the trace variable
   * in the endpoint's environment.
   */
  traceFastPath?: boolean;
  /** Stamp (writer) or check (reader, read mode only) every page with this run tag, or `null`. */
  verifyTag: number | null;
}

/**
 * Options both ends understand: the case fields the table (model/fields.ts) sends to both sides
 * (the buffer's size, offset and flags, and the CPU to pin to), and the runner's extras.
 */
export interface EndpointConfig extends EndpointFields<"both">, Omit<EndpointExtras, "verifyTag"> {}

/**
 * What the writer child is told: every case field the table sends to the writer (`mode`: `write`
 * copies; `vmsplice` double-buffers, each call given a buffer of half `bufferSize` or all of it as
 * `vmspliceBuffers` says, and sets the pipe size to half `bufferSize`), and the runner's extras.
 */
export interface WriterConfig extends EndpointFields<"writer">, EndpointExtras {
  /**
   * Tests only: vmsplice with a pipe that holds both buffers, so a buffer is rewritten while still in
   * the pipe — the hazard the double buffering prevents, here to prove the integrity check catches it.
   */
  unsafeReuse?: boolean;
}

/**
 * What the reader child is told: every case field the table sends to the reader (`mode`: `read`
 * copies into a buffer, `splice` moves pages to `/dev/null`; the bytes and minimum seconds to
 * measure), and the runner's extras.
 */
export interface ReaderConfig extends EndpointFields<"reader">, EndpointExtras {
  /**
   * Tests only: the consumer of a `socket` sink stops and closes after this many bytes, so the run
   * must fail, saying so.
   */
  sinkStopAfter?: number | null;
}

/** The writer's result line (printed on stderr: its stdout is the pipe). */
export interface WriterResult {
  side: "writer";
  /** Bytes sent after the warm-up, until the reader went away. */
  bytes: number;
  /** Usage over the sending after warm-up. */
  usage: ResourceUsage;
  /** Pipe capacity in effect. */
  pipeSize: number;
  /** Huge pages asked for and obtained. */
  hugePages: HugePageReport;
  /**
   * With `traceFastPath`: bytes of the measured part moved in stretches (of
   * {@link FAST_PATH_STRETCH_BYTES}) whose last call took V8's fast FFI path; `null` otherwise.
   */
  fastPathBytes: number | null;
  /** CPU migrations of the endpoint's main thread while measured; `null` or absent when unknown. */
  migrations?: number | null;
  /** When the sending after warm-up ran; absent when there was none, or from an older endpoint. */
  measuredWindow?: MeasuredWindow;
}

/** The reader's result line (printed on stdout). */
export interface ReaderResult {
  side: "reader";
  /** Bytes measured. */
  bytes: number;
  /** Seconds from the first measured call to the last byte. */
  seconds: number;
  /** Throughput, GiB/s (2^30 bytes per second). */
  gibPerSecond: number;
  /** Bytes consumed before the clock started. */
  warmupBytes: number;
  /** Usage over the measured part. */
  usage: ResourceUsage;
  /** Pipe capacity in effect during the measurement. */
  pipeSize: number;
  /** Huge pages asked for and obtained (read mode only; splice has no buffer). */
  hugePages: HugePageReport;
  /**
   * With `traceFastPath`: bytes of the measured part moved in stretches (of
   * {@link FAST_PATH_STRETCH_BYTES}) whose last call took V8's fast FFI path; `null` otherwise.
   */
  fastPathBytes: number | null;
  /** CPU migrations of the endpoint's main thread while measured; `null` or absent when unknown. */
  migrations?: number | null;
  /** When the measured part ran (the clock's start and stop); absent from an older endpoint. */
  measuredWindow?: MeasuredWindow;
}

/** The prefix the writer puts before its result line on stderr. */
export const WRITER_RESULT_PREFIX = "pipespeed-writer-result ";

export { DEFAULT_WARMUP_BYTES } from "../../model/sizes.ts";

/**
 * Both endpoints run their measured part in stretches of this many bytes: the reader looks at the
 * clock between stretches (never mid-call), and with `traceFastPath` each side samples the
 * fast-call record.
 */
export const FAST_PATH_STRETCH_BYTES = 16 * 1024 * 1024;
