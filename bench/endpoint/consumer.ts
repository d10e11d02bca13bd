/**
 * The consumer behind a reader's sink: a thread (a Web Worker of the reader process, started by
 * bench/endpoint/sink.ts) that reads a socket or a pipe to its end with `read(2)`, counting every
 * byte and, with `checksum`, summing them, so the data a splice reader hands on is really taken by
 * the CPU. It reports through shared memory (a `SharedArrayBuffer` the reader waits on with
 * `Atomics.wait`), since the reader's measured loop never returns to its event loop.
 *
 * @module
 */
import { allocateBuffer } from "../../ffi/memory.ts";
import { closeFd } from "../../ffi/pipe.ts";
import { checksumReadLoop, readLoop } from "../../ffi/transfer.ts";

/** What the consumer is asked to do. */
export interface ConsumerJob {
  /** The descriptor it reads to the end, and closes. */
  fd: number;
  /** Bytes each `read` asks for. */
  bufferSize: number;
  /** Sum every byte (as `consume: checksum`), besides counting them. */
  checksum: boolean;
  /** Tests only: stop and close after this many bytes, as a consumer that gives up early. */
  stopAfter: number | null;
  /** Where it reports: see {@link consumerReport}. */
  shared: SharedArrayBuffer;
}

/** The consumer's state, in the first 32-bit cell of its shared memory. */
export const CONSUMER_STATE = { running: 0, done: 1, failed: 2, stopped: 3 } as const;

/** Bytes of shared memory a consumer reports through. */
export const CONSUMER_SHARED_BYTES = 512;

const MESSAGE_OFFSET = 32;

/** Views of a consumer's shared memory. */
export interface ConsumerReport {
  /** `[0]`: a {@link CONSUMER_STATE} (waited on with `Atomics.wait`). */
  state: Int32Array;
  /** `[0]`: bytes read so far; `[1]`: their 32-bit sum (with `checksum`). */
  counts: Float64Array;
  /** A failure's message, UTF-8, NUL-padded. */
  message: Uint8Array;
}

/** The views of `shared` (both sides make the same). */
export function consumerReport(shared: SharedArrayBuffer): ConsumerReport {
  return {
    state: new Int32Array(shared, 0, 1),
    counts: new Float64Array(shared, 8, 2),
    message: new Uint8Array(shared, MESSAGE_OFFSET, CONSUMER_SHARED_BYTES - MESSAGE_OFFSET),
  };
}

/** The failure message a consumer left, or `""`. */
export function consumerMessage(report: ConsumerReport): string {
  const end = report.message.indexOf(0);
  return new TextDecoder().decode(report.message.slice(0, end < 0 ? undefined : end));
}

/** Bytes read per look at the stop rule (the count in shared memory is updated as often). */
const STRETCH_BYTES = 16 * 1024 * 1024;

/** Reads `job.fd` to its end (or to `stopAfter`), closes it, and reports; never throws. */
export function runConsumer(job: ConsumerJob): void {
  const report = consumerReport(job.shared);
  let state: number = CONSUMER_STATE.done;
  try {
    const buffer = allocateBuffer(job.bufferSize);
    const sum = new Uint32Array(1);
    const loop = job.checksum ? checksumReadLoop(job.fd, buffer, sum) : readLoop(job.fd, buffer);
    const limit = job.stopAfter ?? Infinity;
    let total = 0;
    for (;;) {
      const want = Math.min(STRETCH_BYTES, limit - total);
      const got = loop.consume(want);
      total += got;
      report.counts[0] = total;
      report.counts[1] = sum[0];
      if (got < want) break; // the end: the reader closed its side
      if (total >= limit) {
        state = CONSUMER_STATE.stopped;
        break;
      }
    }
    closeFd(job.fd);
  } catch (error) {
    state = CONSUMER_STATE.failed;
    new TextEncoder().encodeInto(error instanceof Error ? error.message : String(error), report.message);
    try {
      closeFd(job.fd); // so the reader's next splice fails at once instead of waiting
    } catch { /* already closed */ }
  }
  Atomics.store(report.state, 0, state);
  Atomics.notify(report.state, 0);
}
