/**
 * Pipes: create one, read and set its capacity, switch non-blocking mode, poll.
 *
 * @module
 */
import { F_GETFL, F_GETPIPE_SZ, F_SETFL, F_SETPIPE_SZ, O_CLOEXEC, O_NONBLOCK } from "./constants.ts";
import { check, EINTR, errno } from "./errno.ts";
import { libc } from "./libc.ts";

/** The two ends of a pipe. */
export interface PipeEnds {
  /** The read end. */
  readonly readFd: number;
  /** The write end. */
  readonly writeFd: number;
}

/**
 * Creates a pipe with `O_CLOEXEC` on both ends, so no child inherits an end it was not handed.
 *
 * @example
 * ```ts
 * const { readFd, writeFd } = createPipe();
 * closeFd(readFd);
 * closeFd(writeFd);
 * ```
 */
export function createPipe(): PipeEnds {
  const fds = new Int32Array(2);
  check("pipe2", libc().pipe2(new Uint8Array(fds.buffer), O_CLOEXEC));
  return { readFd: fds[0], writeFd: fds[1] };
}

/** Closes a descriptor; throws on failure (`EBADF` means it was closed twice). */
export function closeFd(fd: number): void {
  check("close", libc().close(fd), `fd ${fd}`);
}

/** The pipe's capacity in bytes (`F_GETPIPE_SZ`). */
export function getPipeSize(fd: number): number {
  return check("fcntl(F_GETPIPE_SZ)", libc().fcntl(fd, F_GETPIPE_SZ, 0), `fd ${fd}`);
}

/**
 * Sets the pipe's capacity (`F_SETPIPE_SZ`) and returns what the kernel granted (it rounds up to
 * a power-of-two number of pages). Fails with `EPERM` above `/proc/sys/fs/pipe-max-size` for an
 * unprivileged process, `EBUSY` when the pipe holds more than the new size.
 */
export function setPipeSize(fd: number, bytes: number): number {
  return check("fcntl(F_SETPIPE_SZ)", libc().fcntl(fd, F_SETPIPE_SZ, bytes), `${bytes} bytes on fd ${fd}`);
}

/** Turns `O_NONBLOCK` on or off for the open file description behind `fd`. */
export function setNonBlocking(fd: number, on: boolean): void {
  const { fcntl } = libc();
  const flags = check("fcntl(F_GETFL)", fcntl(fd, F_GETFL, 0), `fd ${fd}`);
  const wanted = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
  if (wanted !== flags) check("fcntl(F_SETFL)", fcntl(fd, F_SETFL, wanted), `fd ${fd}`);
}

/** Whether `O_NONBLOCK` is set on `fd`. */
export function isNonBlocking(fd: number): boolean {
  return (check("fcntl(F_GETFL)", libc().fcntl(fd, F_GETFL, 0), `fd ${fd}`) & O_NONBLOCK) !== 0;
}

/**
 * A reusable `poll` on one descriptor: the `struct pollfd` is allocated once, so calling it in a
 * loop allocates nothing. Returns the `revents` bits (0 on timeout).
 */
export function poller(fd: number, events: number): (timeoutMilliseconds: number) => number {
  const { poll } = libc();
  // struct pollfd { int fd; short events; short revents; }
  const cell = new Int32Array(2);
  const halves = new Int16Array(cell.buffer);
  cell[0] = fd;
  halves[2] = events;
  const pointer = Deno.UnsafePointer.of(cell);
  return (timeoutMilliseconds) => {
    for (;;) {
      halves[3] = 0;
      const ready = poll(pointer, 1n, timeoutMilliseconds);
      // A signal (Ctrl-C, SIGTERM) interrupted the wait: wait on; the caller sees the signal once
      // the event loop turns, between blocks.
      if (ready === -1 && errno() === EINTR) continue;
      return check("poll", ready, `fd ${fd}`) === 0 ? 0 : halves[3];
    }
  };
}

/** Opens `path` with `open(2)` flags (`O_WRONLY`, ...) and returns the descriptor. */
export function openPath(path: string, flags: number): number {
  const cString = new TextEncoder().encode(`${path}\0`);
  return check("open", libc().open(cString, flags, 0), path);
}
