/**
 * `errno`, read right after a call through an `Int32Array` over `__errno_location()`, and the
 * error pipespeed throws when a syscall fails.
 *
 * @module
 */
import { libc } from "./libc.ts";

/** Numbers of the errno values pipespeed names (Linux generic). */
export const EPERM = 1;
/** No such file or directory. */
export const ENOENT = 2;
/** No such process. */
export const ESRCH = 3;
/** Interrupted system call. */
export const EINTR = 4;
/** Bad file descriptor. */
export const EBADF = 9;
/** Try again (non-blocking descriptor would block). */
export const EAGAIN = 11;
/** Out of memory. */
export const ENOMEM = 12;
/** Permission denied. */
export const EACCES = 13;
/** Bad address. */
export const EFAULT = 14;
/** Device or resource busy. */
export const EBUSY = 16;
/** Invalid argument. */
export const EINVAL = 22;
/** Too many open files. */
export const EMFILE = 24;
/** Broken pipe (the reader is gone). */
export const EPIPE = 32;
/** Function not implemented. */
export const ENOSYS = 38;
/** Operation not supported (e.g. `SPLICE_F_GIFT` on kernels that dropped it). */
export const EOPNOTSUPP = 95;

const names: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  3: "ESRCH",
  4: "EINTR",
  5: "EIO",
  7: "E2BIG",
  9: "EBADF",
  11: "EAGAIN",
  12: "ENOMEM",
  13: "EACCES",
  14: "EFAULT",
  16: "EBUSY",
  17: "EEXIST",
  22: "EINVAL",
  23: "ENFILE",
  24: "EMFILE",
  28: "ENOSPC",
  29: "ESPIPE",
  32: "EPIPE",
  38: "ENOSYS",
  95: "EOPNOTSUPP",
};

/** The symbolic name of an errno value (`EAGAIN`), or `E<number>` when unknown. */
export function errnoName(errno: number): string {
  return names[errno] ?? `E${errno}`;
}

let cell: Int32Array | undefined;

/**
 * The calling thread's `errno` as a one-element view: read `[0]` right after a failed call.
 * Hot loops fetch the view once and index it; nothing is allocated per read.
 */
export function errnoCell(): Int32Array {
  if (cell === undefined) {
    const pointer = libc().__errno_location();
    if (pointer === null) throw new Error("__errno_location() returned NULL");
    cell = new Int32Array(Deno.UnsafePointerView.getArrayBuffer(pointer, 4));
  }
  return cell;
}

/** The current `errno`. */
export function errno(): number {
  return errnoCell()[0];
}

/** A failed syscall: which call, the errno number and its name. */
export class SyscallError extends Error {
  /** The call that failed, e.g. `vmsplice`. */
  readonly call: string;
  /** The errno value. */
  readonly errno: number;
  /** The errno name, e.g. `EPIPE`. */
  readonly code: string;

  constructor(call: string, errnoValue: number, detail?: string) {
    const code = errnoName(errnoValue);
    super(`${call} failed: ${code} (errno ${errnoValue})${detail ? `: ${detail}` : ""}`);
    this.name = "SyscallError";
    this.call = call;
    this.errno = errnoValue;
    this.code = code;
  }
}

/** Throws a {@link SyscallError} for `call` when `result` is negative; returns `result` otherwise. */
export function check(call: string, result: number, detail?: string): number {
  if (result < 0) throw new SyscallError(call, errno(), detail);
  return result;
}
