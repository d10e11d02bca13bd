/**
 * A reader's consumed sink: a descriptor the splice reader feeds, whose other end a consumer thread
 * (bench/endpoint/consumer.ts) reads to the end, counting every byte. `sink: socket` is a Unix
 * socket pair; a `tee` stage's second pipe is drained the same way.
 *
 * Why a thread of the reader, not a third process: Deno's `Deno.Command` hands a child only
 * stdin/stdout/stderr, and the endpoints run with `--allow-ffi` only, so the runner (which starts
 * and watches exactly two processes per run) would need a third child and a rendezvous (a named
 * socket) to reach it. A thread is a task of its own to the scheduler, reads the socket through
 * the same `read(2)` a process would, dies with the reader, and leaves the runner and the
 * protocol's two result lines unchanged; it shares the reader's CPU (the runner pins the whole
 * reader process with `taskset`). The runner grants the reader read access to the consumer's
 * modules (Deno loads a worker's modules under the read permission).
 *
 * @module
 */
import { closeFd } from "../../ffi/pipe.ts";
import {
  CONSUMER_SHARED_BYTES,
  CONSUMER_STATE,
  type ConsumerJob,
  consumerMessage,
  consumerReport,
} from "./consumer.ts";

/** How long the reader waits for its consumer to finish once it closed its side. */
const FINISH_TIMEOUT_MS = 30_000;

/** What the consumer took, once it read to the end. */
export interface ConsumedBytes {
  /** Bytes it read. */
  bytes: number;
  /** Their 32-bit sum (0 without `checksum`). */
  checksum: number;
}

/** A running consumer of a descriptor the reader feeds. */
export interface Consumer {
  /**
   * Closes the reader's side (`sendFd`), waits for the consumer to read to the end and checks that
   * it read exactly `sent` bytes; throws, saying what it read, otherwise.
   */
  finish(sent: number): ConsumedBytes;
  /**
   * Why the consumer ended before the reader closed its side (it stopped or failed), or `null`
   * while it runs: the explanation of a reader's `EPIPE`.
   */
  ended(): string | null;
}

/** Options of a consumer. */
export interface ConsumerOptions {
  /** Bytes each `read` asks for. */
  bufferSize: number;
  /** Sum every byte besides counting them. */
  checksum: boolean;
  /** Tests only: stop after this many bytes. */
  stopAfter?: number | null;
}

/**
 * Starts a consumer thread reading `receiveFd` (it takes the descriptor over and closes it);
 * `sendFd` is the reader's side, closed by `finish`. `what` names the sink in messages.
 */
export function startConsumer(what: string, sendFd: number, receiveFd: number, options: ConsumerOptions): Consumer {
  const shared = new SharedArrayBuffer(CONSUMER_SHARED_BYTES);
  const report = consumerReport(shared);
  const worker = new Worker(new URL("./consumer-worker.ts", import.meta.url), { type: "module" });
  const job: ConsumerJob = {
    fd: receiveFd,
    bufferSize: options.bufferSize,
    checksum: options.checksum,
    stopAfter: options.stopAfter ?? null,
    shared,
  };
  worker.postMessage(job);
  const ended = (): string | null => {
    const state = Atomics.load(report.state, 0);
    const bytes = report.counts[0];
    if (state === CONSUMER_STATE.stopped) return `${what}: the consumer stopped after reading ${bytes} bytes`;
    if (state === CONSUMER_STATE.failed) {
      return `${what}: the consumer failed after reading ${bytes} bytes: ${consumerMessage(report)}`;
    }
    return null;
  };
  return {
    ended,
    finish(sent) {
      closeFd(sendFd);
      const waited = Atomics.wait(report.state, 0, CONSUMER_STATE.running, FINISH_TIMEOUT_MS);
      worker.terminate();
      if (waited === "timed-out") {
        throw new Error(
          `${what}: the consumer had not read to the end ${
            FINISH_TIMEOUT_MS / 1000
          } s after the reader closed its side`,
        );
      }
      const early = ended();
      if (early !== null) throw new Error(early);
      const bytes = report.counts[0];
      if (bytes !== sent) {
        throw new Error(`${what}: the consumer read ${bytes} bytes, the reader sent ${sent}: bytes were lost`);
      }
      return { bytes, checksum: report.counts[1] };
    },
  };
}
