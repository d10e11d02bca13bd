/**
 * The calibration probes that run in one process: each a small loop through the FFI layer the
 * endpoints use (ffi/libc.ts), timed by the rule of `_timing.ts`, returning its value and the text
 * of its method (stored with it under `system.calibration`).
 *
 * - copy bandwidth: `memcpy` between two buffers of a case's size (cache-resident, as the copy into
 *   and out of pipe pages is) and between two DRAM-sized buffers;
 * - a trivial syscall (`getppid`), and one `write` + `read` of a byte on a pipe;
 * - vmsplice and splice per 4 KiB page, from buffers backed by 4 KiB pages and by huge pages.
 *
 * @module
 */
import { HUGE_PAGE_SIZE, O_CLOEXEC, O_WRONLY, PAGE_SIZE, SYS } from "../../ffi/constants.ts";
import { monotonicSeconds } from "../../ffi/cpu.ts";
import { check, errnoCell, SyscallError } from "../../ffi/errno.ts";
import { libc } from "../../ffi/libc.ts";
import { allocateBuffer, hugePageBytes, type MappedBuffer } from "../../ffi/memory.ts";
import { closeFd, createPipe, openPath, setPipeSize } from "../../ffi/pipe.ts";
import { GIB_BYTES, MIB_BYTES } from "../../model/sizes.ts";
import type { ProbeValue } from "../../model/calibration-schema.ts";
import { BATCHES, fastestPerIteration } from "./_timing.ts";

/** Bytes copied per batch of the cache-resident copy probe. */
const COPY_BATCH_BYTES = 64 * MIB_BYTES;
/** Each buffer of the DRAM copy probe: well past the last-level cache of common CPUs. */
export const DRAM_BUFFER_BYTES = 64 * MIB_BYTES;

/**
 * `memcpy` bandwidth, GiB of bytes copied per second, between two buffers of `size` bytes
 * (page-aligned, faulted in); the loop copies the same buffer over and over.
 */
export function copyBandwidth(size: number): ProbeValue {
  const { memcpy } = libc();
  const source = allocateBuffer(size);
  const target = allocateBuffer(size);
  try {
    const length = BigInt(size);
    const from = source.pointer;
    const to = target.pointer;
    const copies = Math.max(1, Math.round(Math.min(COPY_BATCH_BYTES, size * 4096) / size));
    const perCopy = fastestPerIteration((n) => {
      for (let i = 0; i < n; i++) memcpy(to, from, length);
    }, copies);
    return {
      value: size / perCopy / GIB_BYTES,
      method: `memcpy of ${size} bytes between two page-aligned, faulted-in buffers, ${copies} times per batch ` +
        `through FFI; bytes copied per second of the fastest of ${BATCHES} batches`,
    };
  } finally {
    source.free();
    target.free();
  }
}

/** A trivial syscall, seconds per call: `getppid` (glibc does not cache it). */
export function syscallCost(): ProbeValue {
  const { getppid } = libc();
  const calls = 20_000;
  const seconds = fastestPerIteration((n) => {
    for (let i = 0; i < n; i++) getppid();
  }, calls);
  return {
    value: seconds,
    method: `getppid() ${calls} times per batch through FFI; the fastest of ${BATCHES} batches, per call`,
  };
}

/** One `write` then one `read` of a byte on a pipe, in one process, seconds per pair. */
export function pipeWriteReadCost(): ProbeValue {
  const call = libc().syscall_rw;
  const pipe = createPipe();
  const byte = allocateBuffer(PAGE_SIZE);
  const err = errnoCell();
  try {
    const { readFd, writeFd } = pipe;
    const pointer = byte.pointer;
    const pairs = 10_000;
    const seconds = fastestPerIteration((n) => {
      for (let i = 0; i < n; i++) {
        if (call(SYS.write, writeFd, pointer, 1n) !== 1) throw new SyscallError("write", err[0]);
        if (call(SYS.read, readFd, pointer, 1n) !== 1) throw new SyscallError("read", err[0]);
      }
    }, pairs);
    return {
      value: seconds,
      method: `write(2) of 1 byte then read(2) of it on one pipe in one process, through syscall() as the hot ` +
        `loops call it, ${pairs} pairs per batch; the fastest of ${BATCHES} batches, per pair`,
    };
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
    byte.free();
  }
}

/** Pages moved per vmsplice/splice call by {@link spliceCosts}: the pipe of the blog's cases, 128 KiB. */
const SPLICE_PAGES = 32;

/** What {@link spliceCosts} measures for one kind of backing. */
export interface SpliceCosts {
  /** vmsplice(2) of the buffer into the pipe, seconds per 4 KiB page. */
  vmsplicePage: ProbeValue;
  /** splice(2) of those pages from the pipe to /dev/null, seconds per 4 KiB page. */
  splicePage: ProbeValue;
}

/**
 * vmsplice and splice costs per 4 KiB page, in one process: a 128 KiB buffer (32 pages, backed by
 * 4 KiB pages or, with `hugePages`, by a transparent huge page when the kernel grants one) is
 * vmspliced into a pipe of 128 KiB, then spliced from it to /dev/null; each call is timed apart.
 */
export function spliceCosts(hugePages: boolean): SpliceCosts {
  const { syscall_vmsplice: vmsplice, syscall_splice: splice } = libc();
  const bytes = SPLICE_PAGES * PAGE_SIZE;
  const buffer: MappedBuffer = allocateBuffer(hugePages ? HUGE_PAGE_SIZE : bytes, { hugePages });
  const pipe = createPipe();
  const sink = openPath("/dev/null", O_WRONLY | O_CLOEXEC);
  const err = errnoCell();
  try {
    setPipeSize(pipe.writeFd, bytes);
    const backed = hugePages ? hugePageBytes(buffer.address, bytes) >= bytes : false;
    const iovec = new BigUint64Array([BigInt(buffer.address), BigInt(bytes)]);
    const iov = Deno.UnsafePointer.of(iovec)!;
    const length = BigInt(bytes);
    const { readFd, writeFd } = pipe;
    const calls = 1_000;
    const best = { vmsplice: Infinity, splice: Infinity };
    for (let batch = 0; batch <= BATCHES; batch++) {
      let inSeconds = 0;
      let outSeconds = 0;
      for (let i = 0; i < calls; i++) {
        const t0 = monotonicSeconds();
        const sent = vmsplice(SYS.vmsplice, writeFd, iov, 1n, 0);
        const t1 = monotonicSeconds();
        if (sent !== bytes) throw new SyscallError("vmsplice", sent < 0 ? err[0] : 0, `${sent} of ${bytes} bytes`);
        const moved = splice(SYS.splice, readFd, null, sink, null, length, 0);
        const t2 = monotonicSeconds();
        if (moved !== bytes) throw new SyscallError("splice", moved < 0 ? err[0] : 0, `${moved} of ${bytes} bytes`);
        inSeconds += t1 - t0;
        outSeconds += t2 - t1;
      }
      if (batch === 0) continue; // the warm-up batch
      best.vmsplice = Math.min(best.vmsplice, inSeconds);
      best.splice = Math.min(best.splice, outSeconds);
    }
    const pages = calls * SPLICE_PAGES;
    const backing = !hugePages
      ? "4 KiB pages"
      : backed
      ? "a transparent huge page (smaps: backed)"
      : "memory advised MADV_HUGEPAGE but NOT backed by a huge page (smaps), so 4 KiB pages";
    const common = `${calls} calls of ${bytes} bytes (${SPLICE_PAGES} pages) per batch, from a buffer on ${backing}, ` +
      `pipe of ${bytes} bytes, one process, each call timed on the FFI clock; the fastest of ${BATCHES} batches, ` +
      `per 4 KiB page`;
    return {
      vmsplicePage: { value: best.vmsplice / pages, method: `vmsplice(2) into the pipe: ${common}` },
      splicePage: { value: best.splice / pages, method: `splice(2) from the pipe to /dev/null: ${common}` },
    };
  } finally {
    check("close", libc().close(sink));
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
    buffer.free();
  }
}
