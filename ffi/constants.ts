/** Linux x86-64/arm64 constants used by pipespeed (values from the kernel's uapi headers). */

/** `fcntl` commands. */
export const F_GETFL = 3;
/** `fcntl` command: set file status flags. */
export const F_SETFL = 4;
/** `fcntl` command: set the pipe's capacity (Linux). */
export const F_SETPIPE_SZ = 1031;
/** `fcntl` command: read the pipe's capacity (Linux). */
export const F_GETPIPE_SZ = 1032;

/** `open` flags. */
export const O_RDONLY = 0;
/** Open for writing only. */
export const O_WRONLY = 1;
/** Non-blocking mode. */
export const O_NONBLOCK = 0o4000;
/** Close on exec. */
export const O_CLOEXEC = 0o2000000;

/** `splice`/`vmsplice` flags. */
export const SPLICE_F_MOVE = 1;
/** Do not block on the pipe. */
export const SPLICE_F_NONBLOCK = 2;
/** More data will come. */
export const SPLICE_F_MORE = 4;
/** Gift the user pages to the kernel (vmsplice). */
export const SPLICE_F_GIFT = 8;

/** `mmap` protection and flags. */
export const PROT_READ = 1;
/** Pages may not be accessed (a reservation). */
export const PROT_NONE = 0;
/** Pages may be written. */
export const PROT_WRITE = 2;
/** Private copy-on-write mapping. */
export const MAP_PRIVATE = 0x02;
/** Shared mapping: writes reach the file (a memfd's pages). */
export const MAP_SHARED = 0x01;
/** Place the mapping exactly at the address given. */
export const MAP_FIXED = 0x10;
/** Not backed by a file. */
export const MAP_ANONYMOUS = 0x20;

/** `madvise` advice: back this range with transparent huge pages. */
export const MADV_HUGEPAGE = 14;
/** `madvise` advice: never back this range with transparent huge pages. */
export const MADV_NOHUGEPAGE = 15;

/** `madvise` advice: collapse this range into transparent huge pages now, synchronously (Linux 6.1). */
export const MADV_COLLAPSE = 25;

/** `memfd_create` flag: close on exec. */
export const MFD_CLOEXEC = 1;

/** `socketpair` domain: Unix sockets. */
export const AF_UNIX = 1;
/** `socketpair` type: a byte stream. */
export const SOCK_STREAM = 1;
/** `socketpair` type flag: close on exec. */
export const SOCK_CLOEXEC = 0o2000000;

/** `poll` events. */
export const POLLIN = 0x001;
/** Writing will not block. */
export const POLLOUT = 0x004;
/** Error condition. */
export const POLLERR = 0x008;
/** Hung up (the other end closed). */
export const POLLHUP = 0x010;

/** `getrusage` who. */
export const RUSAGE_SELF = 0;

/** `clock_gettime` clock. */
export const CLOCK_MONOTONIC = 1;

/** Page and huge-page sizes (x86-64, arm64 with 4 KiB pages). */
export const PAGE_SIZE = 4096;
/** A transparent huge page (PMD size). */
export const HUGE_PAGE_SIZE = 2 * 1024 * 1024;

/** Syscall numbers of the hot loops' calls, for glibc's `syscall()` (x86-64 and arm64 Linux). */
export const SYS = Deno.build.arch === "aarch64"
  ? { read: 63n, write: 64n, vmsplice: 75n, splice: 76n, sendfile: 71n, tee: 77n } as const
  : { read: 0n, write: 1n, vmsplice: 278n, splice: 275n, sendfile: 40n, tee: 276n } as const;
