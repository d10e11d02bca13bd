import { O_WRONLY } from "../../ffi/constants.ts";
import { EAGAIN, EPIPE, errno, errnoName, SyscallError } from "../../ffi/errno.ts";
import { libc } from "../../ffi/libc.ts";
import { allocateBuffer } from "../../ffi/memory.ts";
import {
  closeFd,
  createPipe,
  getPipeSize,
  isNonBlocking,
  openPath,
  poller,
  setNonBlocking,
  setPipeSize,
} from "../../ffi/pipe.ts";
import { assert, assertEquals } from "../helpers.ts";
import { POLLIN, POLLOUT } from "../../ffi/constants.ts";

Deno.test("read on an empty non-blocking pipe fails with EAGAIN", () => {
  const { readFd, writeFd } = createPipe();
  try {
    setNonBlocking(readFd, true);
    assert(isNonBlocking(readFd));
    const buffer = allocateBuffer(4096);
    const r = libc().read(readFd, buffer.pointer, 4096n);
    const e = errno();
    assertEquals(r, -1);
    assertEquals(e, EAGAIN);
    assertEquals(errnoName(e), "EAGAIN");
    buffer.free();
  } finally {
    closeFd(readFd);
    closeFd(writeFd);
  }
});

Deno.test("write to a pipe whose reader is gone fails with EPIPE (no SIGPIPE death)", () => {
  const { readFd, writeFd } = createPipe();
  closeFd(readFd);
  const buffer = allocateBuffer(4096);
  try {
    const r = libc().write(writeFd, buffer.pointer, 4096n);
    assertEquals(r, -1);
    assertEquals(errno(), EPIPE);
  } finally {
    buffer.free();
    closeFd(writeFd);
  }
});

Deno.test("pipe size is set and read back; the kernel rounds up to a power of two pages", () => {
  const { readFd, writeFd } = createPipe();
  try {
    assertEquals(getPipeSize(writeFd), 65536, "default capacity");
    assertEquals(setPipeSize(writeFd, 128 * 1024), 128 * 1024);
    assertEquals(getPipeSize(readFd), 128 * 1024, "same pipe seen from the other end");
    assertEquals(setPipeSize(writeFd, 5 * 4096), 8 * 4096, "rounded up");
  } finally {
    closeFd(readFd);
    closeFd(writeFd);
  }
});

Deno.test("failed syscalls throw SyscallError with the call, errno and name", () => {
  let caught: unknown;
  try {
    getPipeSize(openPath("/dev/null", O_WRONLY));
  } catch (error) {
    caught = error;
  }
  assert(caught instanceof SyscallError, `expected SyscallError, got ${caught}`);
  assertEquals(caught.call, "fcntl(F_GETPIPE_SZ)");
  assertEquals(caught.code, "EBADF");
  let closed: unknown;
  try {
    closeFd(987654);
  } catch (error) {
    closed = error;
  }
  assert(closed instanceof SyscallError && closed.code === "EBADF");
});

Deno.test("poll reports readiness", () => {
  const { readFd, writeFd } = createPipe();
  try {
    assertEquals(poller(readFd, POLLIN)(0), 0, "nothing to read yet");
    assertEquals(poller(writeFd, POLLOUT)(0) & POLLOUT, POLLOUT);
    const buffer = allocateBuffer(4096);
    assertEquals(libc().write(writeFd, buffer.pointer, 100n), 100);
    assertEquals(poller(readFd, POLLIN)(0) & POLLIN, POLLIN);
    buffer.free();
  } finally {
    closeFd(readFd);
    closeFd(writeFd);
  }
});
