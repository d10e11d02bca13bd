/**
 * The contract between the runner and its child processes: the configuration a child receives
 * (one JSON argument) and the one JSON line it prints when done.
 *
 * @module
 */
import type { ResourceUsage } from "../../ffi/cpu.ts";

/** Options both ends understand. */
export interface EndpointConfig {
  /** Buffer size in bytes (vmsplice: both halves together). */
  bufferSize: number;
  /** Bytes past a page (huge page) boundary where each buffer starts. */
  bufferOffset: number;
  /** 2 MiB-aligned buffers with `MADV_HUGEPAGE`. */
  hugePages: boolean;
  /** Non-blocking descriptor and calls, retried on `EAGAIN`. */
  busyLoop: boolean;
  /** `poll` before every call. */
  poll: boolean;
  /** `SPLICE_F_GIFT` (writer) / `SPLICE_F_MOVE` (reader). */
  gift: boolean;
  /** `mlock` the buffers. */
  lockMemory: boolean;
  /** Fault the buffers in before the transfer. */
  touchPages: boolean;
  /** CPU to pin to, or `null` for no pinning. */
  cpu: number | null;
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
}

/** What the writer child is told. */
export interface WriterConfig extends EndpointConfig {
  /** `write` copies; `vmsplice` double-buffers and sets the pipe size to half the buffer. */
  mode: "write" | "vmsplice";
  /** vmsplice: one contiguous buffer split in two instead of two separate buffers. */
  sameBuffer: boolean;
  /** Pipe capacity to request, or `null` to keep the default (vmsplice always uses half). */
  pipeSize: number | null;
  /** Stamp every page with this run tag (integrity check), or `null`. */
  verifyTag: number | null;
  /**
   * Tests only: vmsplice with a pipe that holds both halves, so a half is rewritten while still in
   * the pipe — the hazard the double buffering prevents, here to prove `verify` catches it.
   */
  unsafeReuse?: boolean;
}

/** What the reader child is told. */
export interface ReaderConfig extends EndpointConfig {
  /** `read` copies into a buffer; `splice` moves pages to `/dev/null`. */
  mode: "read" | "splice";
  /** Bytes to measure (exactly this many unless `minSeconds` asks for more). */
  bytes: number;
  /** Keep going until at least this long has been measured (0: bytes only). */
  minSeconds: number;
  /** Check every page's stamp against this run tag (read mode only), or `null`. */
  verifyTag: number | null;
}

/** Huge-page backing of one side's buffers, from smaps. */
export interface HugePageReport {
  /** Bytes of buffer that asked for huge pages. */
  requestedBytes: number;
  /** Bytes of those that huge pages actually back. */
  backedBytes: number;
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
  /** With `turns`: GiB/s of each block, in order. */
  blocks?: number[];
  /**
   * With `traceFastPath`: bytes of the measured part moved in stretches (of
   * {@link FAST_PATH_STRETCH_BYTES}) whose last call took V8's fast FFI path; `null` otherwise.
   */
  fastPathBytes: number | null;
}

/** The prefix the writer puts before its result line on stderr. */
export const WRITER_RESULT_PREFIX = "pipespeed-writer-result ";

/** Bytes moved untimed before the measurement, so the JIT has compiled the hot loops. */
export const DEFAULT_WARMUP_BYTES = 32 * 1024 * 1024;

/**
 * Both endpoints run their measured part in stretches of this many bytes: the reader looks at the
 * clock between stretches (never mid-call), and with `traceFastPath` each side samples the
 * fast-call record.
 */
export const FAST_PATH_STRETCH_BYTES = 16 * 1024 * 1024;

/** Bytes in a GiB. */
export const GIB = 1024 ** 3;
