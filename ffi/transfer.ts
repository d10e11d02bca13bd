/**
 * The hot loops: the syscalls that move bytes through the pipe, kept boring on purpose. Each
 * loop makes one syscall per call through glibc's `syscall()` (not the cancellation-point
 * wrappers: see libc.ts) on V8's fast path (`i32` results, `bigint` numbers and lengths made once,
 * pointers and `iovec`s made once), reads `errno` through a typed-array view, and allocates
 * nothing per call. Partial transfers (normal in non-blocking mode) are resumed from precomputed
 * page pointers, or a scratch `iovec` rewritten with plain numbers.
 *
 * @module
 */
import { PAGE_SIZE, POLLIN, POLLOUT, SPLICE_F_GIFT, SPLICE_F_MOVE, SPLICE_F_NONBLOCK, SYS } from "./constants.ts";
import { EAGAIN, EINTR, EPIPE, errnoCell, SyscallError } from "./errno.ts";
import { libc } from "./libc.ts";
import type { MappedBuffer } from "./memory.ts";
import { poller } from "./pipe.ts";

/** The libc symbol (a key of ffi/libc.ts's table) each kind of loop calls. */
export const LOOP_SYMBOLS = {
  write: "syscall_rw",
  vmsplice: "syscall_vmsplice",
  read: "syscall_rw",
  splice: "syscall_splice",
  sendfile: "syscall_sendfile",
  tee: "syscall_tee",
} as const;

/** Options shared by both ends. */
export interface LoopOptions {
  /** Non-blocking calls retried on `EAGAIN` (the descriptor must be `O_NONBLOCK` too). */
  busyLoop?: boolean;
  /** `poll` for readiness before every call. */
  poll?: boolean;
  /** `SPLICE_F_GIFT` on vmsplice, `SPLICE_F_MOVE` on splice. */
  gift?: boolean;
}

/**
 * A writer end: `pump(limit)` sends until `limit` bytes were sent in total, and returns `false`
 * as soon as the reader is gone (`EPIPE`), `true` when the limit was reached.
 */
export interface WriterLoop {
  /** Sends until `sent() >= limit`; `false` on `EPIPE`. */
  pump(limit: number): boolean;
  /** Bytes sent so far. */
  sent(): number;
}

/** Before each buffer is sent: called with the index of the buffer (vmsplice: 0 or 1; write: 0). */
export type BeforeSend = (half: number) => void;

function pagePointers(buffer: MappedBuffer): Deno.PointerObject[] {
  const pointers: Deno.PointerObject[] = [];
  for (let offset = 0; offset < buffer.size; offset += PAGE_SIZE) pointers.push(buffer.at(offset));
  return pointers;
}

function pointerAt(buffer: MappedBuffer, pages: Deno.PointerObject[], offset: number): Deno.PointerObject {
  return offset % PAGE_SIZE === 0 ? pages[offset / PAGE_SIZE] : buffer.at(offset);
}

function fail(call: string, error: number, fd: number): never {
  throw new SyscallError(call, error, `fd ${fd}`);
}

/**
 * A `write(2)` loop sending `buffer` over and over to `fd`.
 *
 * @example
 * ```ts
 * const loop = writeLoop(1, allocateBuffer(1 << 18));
 * while (loop.pump(Infinity));
 * ```
 */
export function writeLoop(
  fd: number,
  buffer: MappedBuffer,
  options: LoopOptions = {},
  beforeSend?: BeforeSend,
): WriterLoop {
  const call = libc()[LOOP_SYMBOLS.write];
  const NR = SYS.write;
  const err = errnoCell();
  const size = buffer.size;
  const length = BigInt(size);
  const start = buffer.pointer;
  const pages = pagePointers(buffer);
  const ready = options.poll ? poller(fd, POLLOUT) : undefined;
  // The count lives in a Float64Array cell, and in a local while looping: a closure variable
  // holding a number past 2^30 is a heap number, and every update would allocate one.
  const total = new Float64Array(1);
  return {
    sent: () => total[0],
    pump(limit) {
      let sent = total[0];
      while (sent < limit) {
        if (beforeSend !== undefined) {
          total[0] = sent;
          beforeSend(0);
        }
        let offset = 0;
        while (offset < size) {
          if (ready !== undefined) ready(-1);
          const r = offset === 0
            ? call(NR, fd, start, length)
            : call(NR, fd, pointerAt(buffer, pages, offset), BigInt(size - offset));
          if (r > 0) {
            offset += r;
            sent += r;
            continue;
          }
          const e = err[0];
          if (e === EAGAIN || e === EINTR) continue;
          total[0] = sent;
          if (e === EPIPE) return false;
          fail("write", e, fd);
        }
      }
      total[0] = sent;
      return true;
    },
  };
}

/**
 * A `vmsplice(2)` loop with the post's double buffering: the two buffers are spliced alternately,
 * each call given the rest of the current buffer (all of it first), as the post's program does.
 * A buffer larger than the pipe goes in several calls. With the pipe holding no more pages than
 * one buffer fills, a buffer is only reused once the reader has consumed it.
 */
export function vmspliceLoop(
  fd: number,
  buffers: readonly [MappedBuffer, MappedBuffer],
  options: LoopOptions = {},
  beforeSend?: BeforeSend,
): WriterLoop {
  const vmsplice = libc()[LOOP_SYMBOLS.vmsplice];
  const NR = SYS.vmsplice;
  const err = errnoCell();
  const size = buffers[0].size;
  if (buffers[1].size !== size) throw new RangeError("vmsplice buffers must have the same size");
  const flags = (options.busyLoop ? SPLICE_F_NONBLOCK : 0) | (options.gift ? SPLICE_F_GIFT : 0);
  // Three struct iovec { void *iov_base; size_t iov_len; }: one per buffer, one scratch for resuming
  // a partial transfer. Written as 32-bit words so no bigint is made in the loop.
  const iovecs = new Uint32Array(12);
  // Each buffer's address in 32-bit halves, split once here: the scratch iovec of a partial
  // transfer adds `done` to the low half with a carry. Splitting in the loop took a floating-point
  // modulo (x87 `fprem` in V8's code) on two of the three calls a whole 256 KiB buffer takes.
  const lows = buffers.map((b) => b.address % 0x1_0000_0000);
  const highs = buffers.map((b) => Math.floor(b.address / 0x1_0000_0000));
  for (const slot of [0, 1]) {
    iovecs[slot * 4] = lows[slot];
    iovecs[slot * 4 + 1] = highs[slot];
    iovecs[slot * 4 + 2] = size;
  }
  const lowOf = new Float64Array(lows);
  const highOf = new Float64Array(highs);
  const setScratch = (current: number, done: number) => {
    const low = lowOf[current] + done;
    const carry = low >= 0x1_0000_0000 ? 1 : 0;
    iovecs[8] = low - carry * 0x1_0000_0000;
    iovecs[9] = highOf[current] + carry;
    iovecs[10] = size - done;
  };
  const base = Deno.UnsafePointer.of(iovecs)!;
  const iovecPointers = [base, Deno.UnsafePointer.offset(base, 16), Deno.UnsafePointer.offset(base, 32)];
  const scratch = iovecPointers[2];
  const ready = options.poll ? poller(fd, POLLOUT) : undefined;
  // Bytes sent and the next buffer, in a typed array (see writeLoop): no heap numbers.
  const state = new Float64Array(2);
  return {
    sent: () => state[0],
    pump(limit) {
      let sent = state[0];
      let current = state[1];
      while (sent < limit) {
        if (beforeSend !== undefined) {
          state[0] = sent;
          beforeSend(current);
        }
        if (ready !== undefined) ready(-1);
        let r = vmsplice(NR, fd, iovecPointers[current], 1n, flags);
        if (r === size) {
          sent += r;
          current ^= 1;
          continue;
        }
        let done = 0;
        for (;;) {
          if (r > 0) {
            done += r;
            sent += r;
            if (done === size) break;
          } else {
            const e = err[0];
            if (e === EPIPE) {
              state[0] = sent;
              state[1] = current;
              return false;
            }
            if (e !== EAGAIN && e !== EINTR) fail("vmsplice", e, fd);
          }
          setScratch(current, done);
          if (ready !== undefined) ready(-1);
          r = vmsplice(NR, fd, scratch, 1n, flags);
        }
        current ^= 1;
      }
      state[0] = sent;
      state[1] = current;
      return true;
    },
  };
}

/**
 * A `splice(2)` loop from a file (a memory file, filled once) into the pipe `fd`: each call asks
 * for the rest of the file from its offset (`*off_in`, advanced by the kernel), and the offset
 * wraps to 0 at the end, so the file's page-cache pages go round and round. The offset is a
 * `loff_t` the kernel writes; it is read back through 32-bit halves, so no bigint is made per call.
 */
export function spliceFileLoop(
  fd: number,
  sourceFd: number,
  sourceSize: number,
  options: LoopOptions = {},
): WriterLoop {
  const splice = libc()[LOOP_SYMBOLS.splice];
  const NR = SYS.splice;
  const err = errnoCell();
  const flags = (options.busyLoop ? SPLICE_F_NONBLOCK : 0) | (options.gift ? SPLICE_F_MOVE : 0);
  const offset = new Uint32Array(2); // loff_t, little-endian on x86-64 and arm64
  const offsetPointer = Deno.UnsafePointer.of(offset);
  // Asking for the whole file each time is enough: splice stops at its end.
  const length = BigInt(sourceSize);
  const ready = options.poll ? poller(fd, POLLOUT) : undefined;
  const total = new Float64Array(1);
  return {
    sent: () => total[0],
    pump(limit) {
      let sent = total[0];
      while (sent < limit) {
        if (offset[0] >= sourceSize) offset[0] = 0;
        if (ready !== undefined) ready(-1);
        const r = splice(NR, sourceFd, offsetPointer, fd, null, length, flags);
        if (r > 0) {
          sent += r;
          continue;
        }
        const e = err[0];
        if (r === 0 || e === EAGAIN || e === EINTR) continue;
        total[0] = sent;
        if (e === EPIPE) return false;
        fail("splice", e, fd);
      }
      total[0] = sent;
      return true;
    },
  };
}

/**
 * A `sendfile(2)` loop from a file (a memory file, filled once) into the pipe `fd`: the same round
 * and round over the file as {@link spliceFileLoop}, through the other call. Into a pipe the kernel
 * serves sendfile by splicing the file's page-cache pages (`splice_file_to_pipe`, fs/splice.c), so
 * no byte is copied either (`pipespeed sysinfo` probes splice's side of it). sendfile has no
 * non-blocking flag: a busy loop needs `O_NONBLOCK` on the pipe.
 */
export function sendfileLoop(
  fd: number,
  sourceFd: number,
  sourceSize: number,
  options: LoopOptions = {},
): WriterLoop {
  const sendfile = libc()[LOOP_SYMBOLS.sendfile];
  const NR = SYS.sendfile;
  const err = errnoCell();
  const offset = new Uint32Array(2); // off_t, read through its low half (no bigint per call)
  const offsetPointer = Deno.UnsafePointer.of(offset);
  const length = BigInt(sourceSize);
  const ready = options.poll ? poller(fd, POLLOUT) : undefined;
  const total = new Float64Array(1);
  return {
    sent: () => total[0],
    pump(limit) {
      let sent = total[0];
      while (sent < limit) {
        if (offset[0] >= sourceSize) offset[0] = 0;
        if (ready !== undefined) ready(-1);
        const r = sendfile(NR, fd, sourceFd, offsetPointer, length);
        if (r > 0) {
          sent += r;
          continue;
        }
        const e = err[0];
        if (r === 0 || e === EAGAIN || e === EINTR) continue;
        total[0] = sent;
        if (e === EPIPE) return false;
        fail("sendfile", e, fd);
      }
      total[0] = sent;
      return true;
    },
  };
}

/**
 * A reader end: `consume(n)` takes at least `n` bytes (fewer only when the writer closed: EOF).
 * Every call asks for a whole chunk, as the post's reader does, so the last call may bring up to
 * a chunk less one byte more than `n`.
 */
export interface ReaderLoop {
  /** Consumes at least `n` bytes; returns how many arrived (less than `n` only at end of file). */
  consume(n: number): number;
}

/**
 * A `read(2)` loop into `buffer` (each call asks for `buffer.size` bytes). `afterRead`, when
 * given, sees each call's byte count while the bytes are still at the start of `buffer`.
 */
export function readLoop(
  fd: number,
  buffer: MappedBuffer,
  options: LoopOptions = {},
  afterRead?: (bytes: number) => void,
): ReaderLoop {
  const call = libc()[LOOP_SYMBOLS.read];
  const NR = SYS.read;
  const pointer = buffer.pointer;
  const transfer = afterRead === undefined ? (length: bigint) => call(NR, fd, pointer, length) : (length: bigint) => {
    const r = call(NR, fd, pointer, length);
    if (r > 0) afterRead(r);
    return r;
  };
  return makeReaderLoop(fd, buffer.size, options, "read", transfer);
}

/**
 * A `splice(2)` loop from `fd` to `sinkFd` (normally `/dev/null`), each call asking for `chunk` bytes.
 * With `sinkWrap` the sink is a file written at an offset (`*off_out`) that goes back to 0 once it
 * reaches `sinkWrap` bytes, so a memory file sink does not grow.
 */
export function spliceLoop(
  fd: number,
  sinkFd: number,
  chunk: number,
  options: LoopOptions = {},
  sinkWrap?: number,
): ReaderLoop {
  const splice = libc()[LOOP_SYMBOLS.splice];
  const NR = SYS.splice;
  const flags = (options.busyLoop ? SPLICE_F_NONBLOCK : 0) | (options.gift ? SPLICE_F_MOVE : 0);
  if (sinkWrap === undefined) {
    return makeReaderLoop(fd, chunk, options, "splice", (length) => splice(NR, fd, null, sinkFd, null, length, flags));
  }
  const offset = new Uint32Array(2); // loff_t, read through its low half (no bigint per call)
  const offsetPointer = Deno.UnsafePointer.of(offset);
  return makeReaderLoop(fd, chunk, options, "splice", (length) => {
    if (offset[0] >= sinkWrap) offset[0] = 0;
    return splice(NR, fd, null, sinkFd, offsetPointer, length, flags);
  });
}

/**
 * A `tee(2)` stage before a `splice(2)` reader: each call duplicates what the pipe `fd` holds (up to
 * `chunk` bytes) into the pipe `teeFd`, without consuming it, then splices exactly those bytes from
 * `fd` to `sinkFd` (`sinkWrap` as in {@link spliceLoop}), so the second pipe carries a copy of every
 * byte the reader takes (page references, no copy) for whoever drains it. A `tee` that finds `fd`
 * empty with its writer gone returns 0: the end.
 */
export function teeSpliceLoop(
  fd: number,
  teeFd: number,
  sinkFd: number,
  chunk: number,
  options: LoopOptions = {},
  sinkWrap?: number,
): ReaderLoop {
  const { syscall_tee: tee, syscall_splice: splice } = libc();
  const err = errnoCell();
  const flags = (options.busyLoop ? SPLICE_F_NONBLOCK : 0) | (options.gift ? SPLICE_F_MOVE : 0);
  const offset = new Uint32Array(2); // the sink's loff_t with sinkWrap, read through its low half
  const offsetPointer = sinkWrap === undefined ? null : Deno.UnsafePointer.of(offset);
  const whole = BigInt(chunk);
  return makeReaderLoop(fd, chunk, options, "tee", (length) => {
    const teed = tee(SYS.tee, fd, teeFd, length, flags);
    if (teed <= 0) return teed;
    // Exactly the teed bytes, no more (the writer may have added some since): both pipes then carry
    // the same stream. A full chunk (the usual case) needs no new bigint.
    let moved = 0;
    while (moved < teed) {
      if (sinkWrap !== undefined && offset[0] >= sinkWrap) offset[0] = 0;
      const rest = teed - moved;
      const r = splice(SYS.splice, fd, null, sinkFd, offsetPointer, rest === chunk ? whole : BigInt(rest), flags);
      if (r > 0) moved += r;
      else if (r < 0 && err[0] !== EAGAIN && err[0] !== EINTR) fail("splice", err[0], fd);
    }
    return teed;
  });
}

/**
 * A `read(2)` reader that sums every 32-bit word it read (the tail bytes one by one), so the CPU
 * touches every byte; the sum goes to `sum[0]`, where the optimizer cannot drop it.
 */
export function checksumReadLoop(
  fd: number,
  buffer: MappedBuffer,
  sum: Uint32Array,
  options: LoopOptions = {},
): ReaderLoop {
  const words = new Uint32Array(buffer.bytes.buffer, buffer.bytes.byteOffset, Math.floor(buffer.size / 4));
  const bytes = buffer.bytes;
  return readLoop(fd, buffer, options, (count) => {
    let total = sum[0];
    const whole = count >>> 2;
    for (let i = 0; i < whole; i++) total = (total + words[i]) >>> 0;
    for (let i = whole << 2; i < count; i++) total = (total + bytes[i]) >>> 0;
    sum[0] = total;
  });
}

function makeReaderLoop(
  fd: number,
  chunk: number,
  options: LoopOptions,
  call: string,
  transfer: (length: bigint) => number,
): ReaderLoop {
  const err = errnoCell();
  const length = BigInt(chunk);
  const ready = options.poll ? poller(fd, POLLIN) : undefined;
  return {
    consume(n) {
      let got = 0;
      while (got < n) {
        if (ready !== undefined) ready(-1);
        const r = transfer(length);
        if (r > 0) {
          got += r;
          continue;
        }
        if (r === 0) return got; // end of file
        const e = err[0];
        if (e === EAGAIN || e === EINTR) continue;
        fail(call, e, fd);
      }
      return got;
    },
  };
}
