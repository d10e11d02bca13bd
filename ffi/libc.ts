/**
 * The one libc symbol table of pipespeed. Every other module reaches libc through {@link libc};
 * nothing else calls `Deno.dlopen`.
 *
 * Rules (measured; docs/architecture.md): 64-bit parameters are `usize`/`i64` and take a `bigint`;
 * syscall results are `i32` so V8's fast call path returns a plain number; no symbol is
 * `nonblocking` (that runs it on a thread pool and loses `errno`).
 *
 * @module
 */

const symbols = {
  read: {
    parameters: [
      "i32", // int fd
      "pointer", // void *buf
      "usize", // size_t count
    ],
    result: "i32", // ssize_t (a count never exceeds one buffer, well under 2 GiB)
  },
  write: {
    parameters: [
      "i32", // int fd
      "pointer", // const void *buf
      "usize", // size_t count
    ],
    result: "i32", // ssize_t
  },
  // The hot loops (transfer.ts) make read(2), write(2), vmsplice(2) and splice(2) through glibc's
  // `syscall(long number, ...)`, which hands its integer arguments to the kernel as they are. The
  // named wrappers (read and write above, used elsewhere) are cancellation points: in a
  // multi-threaded process — and a Deno process always is — each call pays for switching
  // asynchronous cancellation on and off around the syscall. Measured here, read(2) on an empty
  // non-blocking pipe: 283 ns through `read`, 252 ns through `syscall` (threaded C: 284 / 238);
  // `bench:calls` A/B, vmsplice→splice with huge pages: the named wrappers 2.2–3.5% slower per step.
  // The number is a full 64-bit register for glibc, hence `i64`; the kernel truncates the others
  // to their declared widths.
  syscall_rw: {
    name: "syscall",
    parameters: [
      "i64", // long number: SYS_read or SYS_write
      "i32", // int fd
      "pointer", // void *buf
      "usize", // size_t count
    ],
    result: "i32", // ssize_t
  },
  syscall_vmsplice: {
    name: "syscall",
    parameters: [
      "i64", // long number: SYS_vmsplice
      "i32", // int fd
      "pointer", // const struct iovec *iov
      "usize", // size_t nr_segs
      "u32", // unsigned int flags
    ],
    result: "i32", // ssize_t
  },
  syscall_splice: {
    name: "syscall",
    parameters: [
      "i64", // long number: SYS_splice
      "i32", // int fd_in
      "pointer", // loff_t *off_in
      "i32", // int fd_out
      "pointer", // loff_t *off_out
      "usize", // size_t len
      "u32", // unsigned int flags
    ],
    result: "i32", // ssize_t
  },
  syscall_sendfile: {
    name: "syscall",
    parameters: [
      "i64", // long number: SYS_sendfile
      "i32", // int out_fd
      "i32", // int in_fd
      "pointer", // off_t *offset
      "usize", // size_t count
    ],
    result: "i32", // ssize_t
  },
  syscall_tee: {
    name: "syscall",
    parameters: [
      "i64", // long number: SYS_tee
      "i32", // int fd_in
      "i32", // int fd_out
      "usize", // size_t len
      "u32", // unsigned int flags
    ],
    result: "i32", // ssize_t
  },
  mmap: {
    parameters: [
      "pointer", // void *addr
      "usize", // size_t length
      "i32", // int prot
      "i32", // int flags
      "i32", // int fd
      "i64", // off_t offset
    ],
    result: "pointer", // void * (MAP_FAILED is (void *)-1)
  },
  munmap: {
    parameters: [
      "pointer", // void *addr
      "usize", // size_t length
    ],
    result: "i32", // int
  },
  madvise: {
    parameters: [
      "pointer", // void *addr
      "usize", // size_t length
      "i32", // int advice
    ],
    result: "i32", // int
  },
  mlock: {
    parameters: [
      "pointer", // const void *addr
      "usize", // size_t len
    ],
    result: "i32", // int
  },
  fcntl: {
    parameters: [
      "i32", // int fd
      "i32", // int cmd
      "i32", // ... (int arg; every command pipespeed uses takes an int)
    ],
    result: "i32", // int
  },
  poll: {
    parameters: [
      "pointer", // struct pollfd *fds
      "usize", // nfds_t nfds
      "i32", // int timeout (milliseconds)
    ],
    result: "i32", // int
  },
  pipe2: {
    parameters: [
      "buffer", // int pipefd[2]
      "i32", // int flags
    ],
    result: "i32", // int
  },
  open: {
    parameters: [
      "buffer", // const char *pathname (NUL-terminated)
      "i32", // int flags
      "u32", // ... (mode_t mode)
    ],
    result: "i32", // int
  },
  access: {
    parameters: [
      "buffer", // const char *pathname (NUL-terminated)
      "i32", // int mode
    ],
    result: "i32", // int
  },
  close: {
    parameters: [
      "i32", // int fd
    ],
    result: "i32", // int
  },
  memfd_create: {
    parameters: [
      "buffer", // const char *name (NUL-terminated)
      "u32", // unsigned int flags
    ],
    result: "i32", // int
  },
  ftruncate: {
    parameters: [
      "i32", // int fd
      "i64", // off_t length
    ],
    result: "i32", // int
  },
  socketpair: {
    parameters: [
      "i32", // int domain
      "i32", // int type
      "i32", // int protocol
      "buffer", // int sv[2]
    ],
    result: "i32", // int
  },
  sched_setaffinity: {
    parameters: [
      "i32", // pid_t pid
      "usize", // size_t cpusetsize
      "buffer", // const cpu_set_t *mask
    ],
    result: "i32", // int
  },
  sched_getaffinity: {
    parameters: [
      "i32", // pid_t pid
      "usize", // size_t cpusetsize
      "buffer", // cpu_set_t *mask
    ],
    result: "i32", // int
  },
  getrusage: {
    parameters: [
      "i32", // int who
      "buffer", // struct rusage *usage
    ],
    result: "i32", // int
  },
  clock_gettime: {
    parameters: [
      "i32", // clockid_t clockid
      "buffer", // struct timespec *tp
    ],
    result: "i32", // int
  },
  prctl: {
    parameters: [
      "i32", // int option
      "u64", // unsigned long arg2
      "u64", // unsigned long arg3
      "u64", // unsigned long arg4
      "u64", // unsigned long arg5
    ],
    result: "i32", // int
  },
  kill: {
    parameters: [
      "i32", // pid_t pid
      "i32", // int sig
    ],
    result: "i32", // int
  },
  opendir: {
    parameters: [
      "buffer", // const char *name (NUL-terminated)
    ],
    result: "pointer", // DIR * (NULL on error)
  },
  readdir: {
    parameters: [
      "pointer", // DIR *dirp
    ],
    result: "pointer", // struct dirent * (NULL at the end)
  },
  closedir: {
    parameters: [
      "pointer", // DIR *dirp
    ],
    result: "i32", // int
  },
  waitpid: {
    parameters: [
      "i32", // pid_t pid
      "buffer", // int *wstatus
      "i32", // int options
    ],
    result: "i32", // pid_t
  },
  unshare: {
    parameters: [
      "i32", // int flags
    ],
    result: "i32", // int
  },
  // The calibration probes (bench/calibration/): the copy a write or read makes, timed in a loop,
  // and the cheapest real syscall (glibc does not cache getppid, so each call enters the kernel).
  memcpy: {
    parameters: [
      "pointer", // void *dest
      "pointer", // const void *src
      "usize", // size_t n
    ],
    result: "pointer", // void *
  },
  getppid: {
    parameters: [],
    result: "i32", // pid_t
  },
  __errno_location: {
    parameters: [],
    result: "pointer", // int *
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The libc functions pipespeed binds, typed from the table above. */
export type Libc = Deno.DynamicLibrary<typeof symbols>["symbols"];

let library: Deno.DynamicLibrary<typeof symbols> | undefined;

/**
 * Opens libc once (lazily, so modules that never make a syscall need no `--allow-ffi`) and
 * returns its symbols. Hot loops should destructure the functions they call once, outside the
 * loop.
 *
 * @example
 * ```ts
 * const { getrusage } = libc();
 * ```
 */
export function libc(): Libc {
  library ??= Deno.dlopen("libc.so.6", symbols);
  return library.symbols;
}
