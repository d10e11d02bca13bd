/**
 * Unix socket pairs: a connected pair of stream sockets, the sink a splice reader feeds to a
 * consumer that really reads the bytes (bench/endpoint/sink.ts).
 *
 * @module
 */
import { AF_UNIX, SOCK_CLOEXEC, SOCK_STREAM } from "./constants.ts";
import { check } from "./errno.ts";
import { libc } from "./libc.ts";

/** The two ends of a socket pair: bytes written to either are read from the other. */
export interface SocketEnds {
  /** The end a writer (a splice reader) sends into. */
  readonly sendFd: number;
  /** The end a consumer reads from. */
  readonly receiveFd: number;
}

/**
 * A connected pair of Unix stream sockets (`socketpair(AF_UNIX, SOCK_STREAM)`), close-on-exec.
 *
 * @example
 * ```ts
 * const { sendFd, receiveFd } = createSocketPair();
 * ```
 */
export function createSocketPair(): SocketEnds {
  const fds = new Int32Array(2);
  check("socketpair", libc().socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, new Uint8Array(fds.buffer)));
  return { sendFd: fds[0], receiveFd: fds[1] };
}
