/**
 * The kernel-semantics probe: what the post's fast steps *do* on this kernel, found in one process,
 * without timing, by looking at bytes. A page is handed to a pipe (vmsplice from a buffer, splice
 * from a memory file), its source is then changed, and the pipe is read: the new bytes mean the
 * pipe held the source's page (zero copy), the old bytes mean the kernel copied it. Kernels change
 * this under the same syscall (a series making vmsplice a copy was queued for Linux 7.2; linux-next
 * refuses `SPLICE_F_GIFT`), and a throughput measured on two such kernels compares different things.
 *
 * @module
 */
import { HUGE_PAGE_SIZE, MADV_COLLAPSE, PAGE_SIZE, SPLICE_F_GIFT, SPLICE_F_NONBLOCK, SYS } from "./constants.ts";
import { EINVAL, EOPNOTSUPP, errno, SyscallError } from "./errno.ts";
import { libc } from "./libc.ts";
import { allocateBuffer, type MappedBuffer, readWholeFile } from "./memory.ts";
import { createMemoryFile } from "./memfd.ts";
import { closeFd, createPipe, getPipeSize, type PipeEnds } from "./pipe.ts";

/** What the probe found; `null` where it could not tell (the reason is in `problems`). */
export interface KernelSemanticsProbe {
  /** vmsplice puts the user's pages in the pipe (true) or copies them (false). */
  vmspliceZeroCopy: boolean | null;
  /** vmsplice accepts `SPLICE_F_GIFT` (false: `EOPNOTSUPP` or `EINVAL`). */
  giftSupported: boolean | null;
  /** splice from a memory file puts its page-cache pages in the pipe (true) or copies them (false). */
  spliceFromFileZeroCopy: boolean | null;
  /** Slots (pages) of a new pipe: its default capacity / the page size. */
  pipeDefaultSlots: number | null;
  /** `/proc/sys/fs/pipe-max-size`, bytes. */
  pipeMaxSize: number | null;
  /** `/proc/sys/fs/pipe-user-pages-soft`, pages (0: no limit). */
  pipeUserPagesSoft: number | null;
  /** `/proc/sys/fs/pipe-user-pages-hard`, pages (0: no limit). */
  pipeUserPagesHard: number | null;
  /** `madvise(MADV_COLLAPSE)` is known to the kernel (Linux 6.1). */
  madvCollapse: boolean | null;
  /** The selected `/sys/kernel/mm/transparent_hugepage/shmem_enabled` (memory files' huge pages). */
  shmemHugePages: string | null;
  /** Why a field is `null`. */
  problems: string[];
}

/** How a page goes into the pipe: `vmsplice` (the fast step) or `write` (the negative control). */
export type PutMethod = "vmsplice" | "write";

const OLD = 0x41; // 'A'
const NEW = 0x42; // 'B'

/** What one page read back from the pipe holds: the new bytes, the old ones, or neither. */
function classify(page: Uint8Array): boolean {
  if (page.every((b) => b === NEW)) return true;
  if (page.every((b) => b === OLD)) return false;
  throw new Error("the pipe gave back neither the old nor the new bytes");
}

/** Reads one page from the pipe (non-blocking: the page is there, or the probe is wrong). */
function readPage(pipe: PipeEnds): Uint8Array {
  const out = allocateBuffer(PAGE_SIZE);
  try {
    const r = libc().read(pipe.readFd, out.pointer, BigInt(PAGE_SIZE));
    if (r < 0) throw new SyscallError("read", errno(), "probe pipe");
    if (r !== PAGE_SIZE) throw new Error(`the probe pipe gave ${r} bytes, not a page`);
    return out.bytes.slice();
  } finally {
    out.free();
  }
}

function withPipe<T>(body: (pipe: PipeEnds) => T): T {
  const pipe = createPipe();
  try {
    return body(pipe);
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
  }
}

/** vmsplice (with `flags`) one page of `buffer` into the pipe; the result, or `-errno`. */
function vmsplicePage(pipe: PipeEnds, buffer: MappedBuffer, flags: number): number {
  // struct iovec { void *iov_base; size_t iov_len; }
  const iovec = new BigUint64Array([BigInt(buffer.address), BigInt(PAGE_SIZE)]);
  const r = libc().syscall_vmsplice(SYS.vmsplice, pipe.writeFd, Deno.UnsafePointer.of(iovec), 1n, flags);
  return r < 0 ? -errno() : r;
}

/**
 * Whether a page put in a pipe with `method` is the user's page (true) or a copy of it (false):
 * the buffer is changed after the call, before the pipe is read. `write` is the negative control:
 * it always copies, so a probe that says `true` for it is broken.
 */
export function pipeSharesUserPages(method: PutMethod): boolean {
  return withPipe((pipe) => {
    const buffer = allocateBuffer(PAGE_SIZE, { fill: OLD });
    try {
      const r = method === "vmsplice"
        ? vmsplicePage(pipe, buffer, SPLICE_F_NONBLOCK)
        : libc().write(pipe.writeFd, buffer.pointer, BigInt(PAGE_SIZE));
      if (r < 0) throw new SyscallError(method, method === "vmsplice" ? -r : errno(), "probe pipe");
      if (r !== PAGE_SIZE) throw new Error(`${method} took ${r} bytes of a page`);
      buffer.bytes.fill(NEW);
      return classify(readPage(pipe));
    } finally {
      buffer.free();
    }
  });
}

/** Whether vmsplice accepts `SPLICE_F_GIFT` (false on `EOPNOTSUPP`/`EINVAL`). */
export function giftAccepted(): boolean {
  return withPipe((pipe) => {
    const buffer = allocateBuffer(PAGE_SIZE, { fill: OLD });
    try {
      const r = vmsplicePage(pipe, buffer, SPLICE_F_GIFT | SPLICE_F_NONBLOCK);
      if (r === -EOPNOTSUPP || r === -EINVAL) return false;
      if (r < 0) throw new SyscallError("vmsplice(SPLICE_F_GIFT)", -r, "probe pipe");
      readPage(pipe);
      return true;
    } finally {
      buffer.free();
    }
  });
}

/**
 * Whether splice from a memory file puts its page-cache page in the pipe (true) or a copy (false):
 * the file is changed after the splice, before the pipe is read.
 */
export function spliceSharesFilePages(): boolean {
  return withPipe((pipe) => {
    const file = createMemoryFile(PAGE_SIZE, { fill: OLD });
    try {
      const offset = new BigInt64Array(1);
      const r = libc().syscall_splice(
        SYS.splice,
        file.fd,
        Deno.UnsafePointer.of(offset),
        pipe.writeFd,
        null,
        BigInt(PAGE_SIZE),
        SPLICE_F_NONBLOCK,
      );
      if (r < 0) throw new SyscallError("splice", errno(), "memfd into the probe pipe");
      if (r !== PAGE_SIZE) throw new Error(`splice took ${r} bytes of a page`);
      file.bytes.fill(NEW);
      return classify(readPage(pipe));
    } finally {
      file.free();
    }
  });
}

/** Whether the kernel knows `MADV_COLLAPSE` (`EINVAL`: an advice it does not know). */
export function madvCollapseKnown(): boolean {
  // A process with THP turned off (PR_SET_THP_DISABLE, as the endpoints do for cases without huge
  // pages) is refused every huge-page advice with EINVAL, which would read as "no MADV_COLLAPSE".
  if (/^THP_enabled:\s*0\s*$/m.test(readWholeFile("/proc/self/status"))) {
    throw new Error("THP is disabled for this process (PR_SET_THP_DISABLE): MADV_COLLAPSE cannot be probed here");
  }
  // One huge page's worth, touched: a kernel with MADV_COLLAPSE collapses it (or says why not:
  // EAGAIN, ENOMEM), one without refuses the advice with EINVAL.
  const buffer = allocateBuffer(HUGE_PAGE_SIZE, { hugePages: true });
  try {
    return libc().madvise(buffer.pointer, BigInt(HUGE_PAGE_SIZE), MADV_COLLAPSE) === 0 || errno() !== EINVAL;
  } finally {
    buffer.free();
  }
}

/** The selected choice of a `[bracketed]` kernel setting. */
function bracketed(text: string): string | null {
  return /\[([^\]]+)\]/.exec(text)?.[1] ?? null;
}

/**
 * Runs every probe; never throws: a probe that fails leaves its field `null` and says why in
 * `problems`. Takes a few milliseconds (a handful of pipes and pages).
 *
 * @example
 * ```ts
 * const { vmspliceZeroCopy } = probeKernelSemantics(); // true on Linux 6.18
 * ```
 */
export function probeKernelSemantics(): KernelSemanticsProbe {
  const problems: string[] = [];
  const attempt = <T>(what: string, probe: () => T): T | null => {
    try {
      return probe();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const procInteger = (name: string) =>
    attempt(name, () => {
      const text = readWholeFile(`/proc/sys/fs/${name}`).trim();
      if (!/^\d+$/.test(text)) throw new Error(`not a number: ${JSON.stringify(text)}`);
      return Number(text);
    });
  const shmem = attempt(
    "shmem_enabled",
    () => bracketed(readWholeFile("/sys/kernel/mm/transparent_hugepage/shmem_enabled")),
  );
  return {
    vmspliceZeroCopy: attempt("vmsplice", () => pipeSharesUserPages("vmsplice")),
    giftSupported: attempt("SPLICE_F_GIFT", giftAccepted),
    spliceFromFileZeroCopy: attempt("splice from memfd", spliceSharesFilePages),
    pipeDefaultSlots: attempt("pipe slots", () => withPipe((pipe) => getPipeSize(pipe.writeFd) / PAGE_SIZE)),
    pipeMaxSize: procInteger("pipe-max-size"),
    pipeUserPagesSoft: procInteger("pipe-user-pages-soft"),
    pipeUserPagesHard: procInteger("pipe-user-pages-hard"),
    madvCollapse: attempt("MADV_COLLAPSE", madvCollapseKnown),
    shmemHugePages: shmem,
    problems,
  };
}
