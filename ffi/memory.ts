/**
 * Buffers for the endpoints: anonymous `mmap`s, page-aligned, or 2 MiB-aligned with
 * `MADV_HUGEPAGE`, and a check from `/proc/self/smaps` of how much of a buffer huge pages back.
 *
 * @module
 */
import {
  HUGE_PAGE_SIZE,
  MADV_HUGEPAGE,
  MADV_NOHUGEPAGE,
  MAP_ANONYMOUS,
  MAP_PRIVATE,
  O_CLOEXEC,
  O_RDONLY,
  PAGE_SIZE,
  PROT_READ,
  PROT_WRITE,
} from "./constants.ts";
import { check, errno, SyscallError } from "./errno.ts";
import { libc } from "./libc.ts";
import { openPath } from "./pipe.ts";

/** How to allocate a buffer. */
export interface BufferOptions {
  /** 2 MiB-aligned, length rounded up to 2 MiB, advised `MADV_HUGEPAGE`. Otherwise the range is
   * advised `MADV_NOHUGEPAGE`, so "no huge pages" holds even when THP is `always`. */
  hugePages?: boolean;
  /** Write every byte once so the pages are faulted in before use (default true). */
  touch?: boolean;
  /** `mlock` the buffer. */
  lock?: boolean;
  /** The byte written when touching (default `0x58`, 'X', as the C yardstick does). */
  fill?: number;
  /** Start the buffer this many bytes past the page (huge page) boundary (default 0). */
  offset?: number;
}

/** An anonymous mapping owned by the caller. */
export interface MappedBuffer {
  /** Start of the usable bytes. */
  readonly pointer: Deno.PointerObject;
  /** The start address as a number (exact: user addresses are below 2^53). */
  readonly address: number;
  /** Usable length in bytes (what was asked for). */
  readonly size: number;
  /** Length of the mapping (rounded up to the page or huge-page size). */
  readonly mappedSize: number;
  /** Whether huge pages were asked for. */
  readonly hugePages: boolean;
  /** The bytes, as a view over the mapping (no copy). */
  readonly bytes: Uint8Array;
  /** Pointer to `offset` bytes into the buffer (allocates; keep it out of hot loops). */
  at(offset: number): Deno.PointerObject;
  /** Unmaps the buffer. Using it afterwards is a crash, not an exception. */
  free(): void;
}

const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

function pointerTo(address: number): Deno.PointerObject {
  const pointer = Deno.UnsafePointer.create(BigInt(address));
  if (pointer === null) throw new Error("null pointer");
  return pointer;
}

/**
 * Maps a buffer of `size` bytes.
 *
 * @example
 * ```ts
 * const buffer = allocateBuffer(256 * 1024, { hugePages: true });
 * buffer.free();
 * ```
 */
export function allocateBuffer(size: number, options: BufferOptions = {}): MappedBuffer {
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new RangeError(`buffer size must be a positive integer, got ${size}`);
  }
  const { munmap, madvise, mlock, mmap } = libc();
  const hugePages = options.hugePages ?? false;
  const alignment = hugePages ? HUGE_PAGE_SIZE : PAGE_SIZE;
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= alignment) {
    throw new RangeError(`buffer offset must be an integer in 0..${alignment - 1}, got ${offset}`);
  }
  const mappedSize = roundUp(offset + size, alignment);
  const reserve = hugePages ? mappedSize + HUGE_PAGE_SIZE : mappedSize;
  const raw = mmap(null, BigInt(reserve), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0n);
  const rawAddress = raw === null ? 0n : BigInt(Deno.UnsafePointer.value(raw));
  if (raw === null || rawAddress === MAP_FAILED) {
    throw new SyscallError("mmap", errno(), `${reserve} bytes`);
  }
  let address = Number(rawAddress);
  if (hugePages) {
    // Trim the reservation to a 2 MiB-aligned window so the whole buffer can be PMD-mapped.
    const aligned = roundUp(address, HUGE_PAGE_SIZE);
    const head = aligned - address;
    const tail = reserve - head - mappedSize;
    if (head > 0) check("munmap", munmap(pointerTo(address), BigInt(head)));
    if (tail > 0) check("munmap", munmap(pointerTo(aligned + mappedSize), BigInt(tail)));
    address = aligned;
  }
  const mapping = pointerTo(address);
  check(
    "madvise",
    madvise(mapping, BigInt(mappedSize), hugePages ? MADV_HUGEPAGE : MADV_NOHUGEPAGE),
    hugePages ? "MADV_HUGEPAGE (is transparent_hugepage 'never'?)" : "MADV_NOHUGEPAGE",
  );
  const mappingAddress = address;
  address += offset;
  const pointer = pointerTo(address);
  const bytes = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(pointer, size));
  if (options.touch ?? true) bytes.fill(options.fill ?? 0x58);
  if (options.lock) check("mlock", mlock(mapping, BigInt(mappedSize)), `${mappedSize} bytes (RLIMIT_MEMLOCK?)`);
  let freed = false;
  return {
    pointer,
    address,
    size,
    mappedSize,
    hugePages,
    bytes,
    at: (offset) => pointerTo(address + offset),
    free() {
      if (freed) return;
      freed = true;
      check("munmap", munmap(pointerTo(mappingAddress), BigInt(mappedSize)));
    },
  };
}

/**
 * Bytes of `[address, address + size)` backed by transparent huge pages, from the
 * `AnonHugePages` lines of `/proc/self/smaps`. A mapping that straddles the range counts in
 * proportion to its overlap. The file is read through libc: Deno guards `/proc/self` behind
 * `--allow-all`, and this module already has FFI.
 */
export function hugePageBytes(address: number, size: number): number {
  return hugePageBytesFromSmaps(readWholeFile("/proc/self/smaps"), address, size);
}

/** Reads a whole (proc) file as text with `open`/`read`/`close`. */
export function readWholeFile(path: string): string {
  const { read, close } = libc();
  const fd = openPath(path, O_RDONLY | O_CLOEXEC);
  const chunk = allocateBuffer(64 * 1024, { touch: false });
  const parts: Uint8Array[] = [];
  try {
    for (;;) {
      const r = read(fd, chunk.pointer, BigInt(chunk.size));
      if (r < 0) throw new SyscallError("read", errno(), path);
      if (r === 0) break;
      parts.push(chunk.bytes.slice(0, r));
    }
  } finally {
    close(fd);
    chunk.free();
  }
  const decoder = new TextDecoder();
  return parts.map((part, i) => decoder.decode(part, { stream: i < parts.length - 1 })).join("");
}

/** Parses smaps text; see {@link hugePageBytes}. Exported for tests. */
export function hugePageBytesFromSmaps(smaps: string, address: number, size: number): number {
  return smapsBytesOf(smaps, address, size, /^AnonHugePages:\s+(\d+) kB/);
}

/**
 * The bytes of `[address, address + size)` that the smaps counters matched by `counter` (its first
 * group in kB) report, each mapping's count shared out in proportion to its overlap with the range.
 */
export function smapsBytesOf(smaps: string, address: number, size: number, counter: RegExp): number {
  const end = address + size;
  let total = 0;
  let overlap = 0;
  let span = 0;
  for (const line of smaps.split("\n")) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (header) {
      const start = parseInt(header[1], 16);
      const stop = parseInt(header[2], 16);
      overlap = Math.max(0, Math.min(stop, end) - Math.max(start, address));
      span = stop - start;
      continue;
    }
    const field = overlap > 0 ? counter.exec(line) : null;
    if (field) total += Math.min(overlap, Math.round((Number(field[1]) * 1024 * overlap) / span));
  }
  return total;
}
