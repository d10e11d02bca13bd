/**
 * One page of memory shared between processes: a memory file (memfd) of one page, mapped
 * `MAP_SHARED` by its creator and, through the descriptor it hands down, by its children. The
 * page is seen as 512 float64 cells; a cell written by one process is read by the others without
 * a system call (an aligned 8-byte store is never seen half-written on x86-64 or arm64).
 *
 * @module
 */
import { MAP_SHARED, PAGE_SIZE, PROT_READ, PROT_WRITE } from "./constants.ts";
import { check, errno, SyscallError } from "./errno.ts";
import { libc } from "./libc.ts";
import { memfdCreate } from "./memfd.ts";

/** A shared page: its cells, and the descriptor that maps it again elsewhere. */
export interface SharedPage {
  /** The memory file's descriptor (close-on-exec in its creator; a child gets it as one of its stdio). */
  readonly fd: number;
  /** The page's 512 cells. */
  readonly cells: Float64Array;
  /** Unmaps the page (the descriptor is closed separately, by {@link closeSharedPageFd}). */
  unmap(): void;
}

const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

/** Maps the one-page memory file `fd`, read and write, shared. */
export function mapSharedPage(fd: number): SharedPage {
  const { mmap, munmap } = libc();
  const result = mmap(null, BigInt(PAGE_SIZE), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0n);
  if (result === null || BigInt(Deno.UnsafePointer.value(result)) === MAP_FAILED) {
    throw new SyscallError("mmap", errno(), `shared page fd ${fd}`);
  }
  const cells = new Float64Array(Deno.UnsafePointerView.getArrayBuffer(result, PAGE_SIZE));
  let mapped = true;
  return {
    fd,
    cells,
    unmap() {
      if (!mapped) return;
      mapped = false;
      check("munmap", munmap(result, BigInt(PAGE_SIZE)));
    },
  };
}

/** Creates a zeroed shared page (a new memory file of one page, mapped). */
export function createSharedPage(name: string): SharedPage {
  const fd = memfdCreate(name);
  try {
    check("ftruncate", libc().ftruncate(fd, BigInt(PAGE_SIZE)), `${name} to one page`);
    return mapSharedPage(fd);
  } catch (error) {
    libc().close(fd);
    throw error;
  }
}

/** Closes a shared page's descriptor (the mapping stays until {@link SharedPage.unmap}). */
export function closeSharedPageFd(page: SharedPage): void {
  check("close", libc().close(page.fd), `shared page fd ${page.fd}`);
}
