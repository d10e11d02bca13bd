/**
 * Memory files (`memfd_create`): a file of shmem pages, filled once through a shared mapping, that a
 * writer splices into the pipe (the page cache as the source, as the fastest known pipe feeds do),
 * optionally advised `MADV_HUGEPAGE` and collapsed with `MADV_COLLAPSE`, and what smaps says backs
 * it with huge pages.
 *
 * @module
 */
import {
  HUGE_PAGE_SIZE,
  MADV_COLLAPSE,
  MADV_HUGEPAGE,
  MAP_ANONYMOUS,
  MAP_FIXED,
  MAP_PRIVATE,
  MAP_SHARED,
  MFD_CLOEXEC,
  PAGE_SIZE,
  PROT_NONE,
  PROT_READ,
  PROT_WRITE,
} from "./constants.ts";
import { check, EINVAL, errno, SyscallError } from "./errno.ts";
import { libc } from "./libc.ts";
import { readWholeFile, smapsBytesOf } from "./memory.ts";

/** How to fill a memory file. */
export interface MemfdOptions {
  /** Advise the mapping `MADV_HUGEPAGE` before filling it (shmem THP; obeys `shmem_enabled`). */
  hugePages?: boolean;
  /** `MADV_COLLAPSE` the filled pages into huge pages (Linux 6.1 or later). */
  collapse?: boolean;
  /** The byte every page is filled with (default `0x58`, 'X', as the endpoints' buffers). */
  fill?: number;
}

/** A memory file and its shared mapping, owned by the caller. */
export interface MemoryFile {
  /** The file descriptor (close-on-exec). */
  readonly fd: number;
  /** Its size in bytes (what was asked for). */
  readonly size: number;
  /** Start address of the shared mapping (2 MiB-aligned, so huge pages can map it). */
  readonly address: number;
  /** The bytes, as a view over the shared mapping: writing them changes the file. */
  readonly bytes: Uint8Array;
  /** Unmaps and closes it. */
  free(): void;
}

const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

function mapped(result: Deno.PointerValue, what: string): number {
  const address = result === null ? 0n : BigInt(Deno.UnsafePointer.value(result));
  if (result === null || address === MAP_FAILED) throw new SyscallError("mmap", errno(), what);
  return Number(address);
}

function pointerTo(address: number): Deno.PointerObject {
  return Deno.UnsafePointer.create(BigInt(address))!;
}

/** Creates an empty memory file named `name` (shown in `/proc/<pid>/fd`) and returns its descriptor. */
export function memfdCreate(name: string): number {
  return check("memfd_create", libc().memfd_create(new TextEncoder().encode(`${name}\0`), MFD_CLOEXEC), name);
}

/**
 * A memory file of `size` bytes, filled once through a 2 MiB-aligned shared mapping. `collapse`
 * where the kernel lacks `MADV_COLLAPSE` throws a {@link SyscallError} that says so.
 *
 * @example
 * ```ts
 * const file = createMemoryFile(1 << 20, { hugePages: true });
 * file.free();
 * ```
 */
export function createMemoryFile(size: number, options: MemfdOptions = {}): MemoryFile {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`memfd size must be positive, got ${size}`);
  const { close, ftruncate, madvise, mmap, munmap } = libc();
  const fd = memfdCreate("pipespeed-source");
  const mappedSize = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
  let address = 0;
  try {
    check("ftruncate", ftruncate(fd, BigInt(size)), `memfd to ${size} bytes`);
    // Reserve a window 2 MiB larger, then map the file at its 2 MiB boundary, so the range can be
    // PMD-mapped once the pages are huge.
    const reserve = mappedSize + HUGE_PAGE_SIZE;
    const start = mapped(
      mmap(null, BigInt(reserve), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0n),
      `${reserve} bytes`,
    );
    address = Math.ceil(start / HUGE_PAGE_SIZE) * HUGE_PAGE_SIZE;
    const head = address - start;
    const tail = reserve - head - mappedSize;
    if (head > 0) check("munmap", munmap(pointerTo(start), BigInt(head)));
    if (tail > 0) check("munmap", munmap(pointerTo(address + mappedSize), BigInt(tail)));
    mapped(
      mmap(pointerTo(address), BigInt(mappedSize), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0n),
      `memfd, ${mappedSize} bytes`,
    );
    const range = pointerTo(address);
    if (options.hugePages) check("madvise", madvise(range, BigInt(mappedSize), MADV_HUGEPAGE), "MADV_HUGEPAGE");
    const bytes = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(range, size));
    bytes.fill(options.fill ?? 0x58);
    if (options.collapse && madvise(range, BigInt(mappedSize), MADV_COLLAPSE) < 0) {
      const e = errno();
      throw new SyscallError(
        "madvise",
        e,
        e === EINVAL
          ? "MADV_COLLAPSE: this kernel does not have it (Linux 6.1 or later), or shmem_enabled is 'deny'"
          : "MADV_COLLAPSE",
      );
    }
    let freed = false;
    return {
      fd,
      size,
      address,
      bytes,
      free() {
        if (freed) return;
        freed = true;
        check("munmap", munmap(pointerTo(address), BigInt(mappedSize)));
        check("close", close(fd));
      },
    };
  } catch (error) {
    if (address !== 0) munmap(pointerTo(address), BigInt(mappedSize));
    close(fd);
    throw error;
  }
}

/**
 * Bytes of a shared mapping `[address, address + size)` that huge pages map, from the
 * `ShmemPmdMapped` and `FilePmdMapped` lines of `/proc/self/smaps` (a mapping straddling the range
 * counts in proportion to its overlap).
 */
export function sharedHugePageBytes(address: number, size: number): number {
  return sharedHugePageBytesFromSmaps(readWholeFile("/proc/self/smaps"), address, size);
}

/** Parses smaps text; see {@link sharedHugePageBytes}. Exported for tests. */
export function sharedHugePageBytesFromSmaps(smaps: string, address: number, size: number): number {
  return smapsBytesOf(smaps, address, size, /^(?:ShmemPmdMapped|FilePmdMapped):\s+(\d+) kB/);
}
