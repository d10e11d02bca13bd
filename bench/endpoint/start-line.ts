/**
 * The start line of a contention run: the shared page (ffi/shared-page.ts) through which the
 * runner and every endpoint of the run agree on when the measurement starts and when the writers
 * stop, without a message on the pipe they measure.
 *
 * - Each endpoint, once warmed up, sets its `ready` cell (and keeps moving bytes: a writer that
 *   waited would starve the readers still warming up, and a reader that waited would block them).
 * - Once all are ready, the runner writes the start: a moment on `CLOCK_MONOTONIC` (the same clock
 *   in every process) a little ahead, so that each endpoint sees it before it comes.
 * - Each endpoint counts from the first of its stretches that begins at or after the start; each
 *   reader publishes when it started, and after every read its measured bytes and the time of its
 *   last byte. Each writer stops at the first stretch boundary at which every reader has started
 *   (none meets the end of the pipe before its clock runs) and the readers together have measured
 *   `bytes` over a span (first reader's start to last reader's last byte, the span the
 *   case's throughput is taken over) of `minSeconds`. Once true that stays true, so the writers
 *   stop within a stretch of one another.
 *
 * Slots: writer `i` is slot `i`, reader `j` is slot `writers + j`.
 *
 * @module
 */

/** The descriptor at which every endpoint of a contention run finds the page. */
export const START_LINE_FD = 3;

/**
 * The most endpoints a page serves (cells 8–39 say who is ready; 40–71 hold each reader's bytes,
 * 72–103 its start, 104–135 its last byte).
 */
export const START_LINE_SLOTS = 32;

const START = 0;
const READY = 8;
const MEASURED = READY + START_LINE_SLOTS;
const STARTED = MEASURED + START_LINE_SLOTS;
const LAST = STARTED + START_LINE_SLOTS;

/** The start line over a shared page's cells. */
export class StartLine {
  readonly #cells: Float64Array;

  /** Over `cells`, the 512 cells of a shared page (zeroed when created). */
  constructor(cells: Float64Array) {
    this.#cells = cells;
  }

  /** Endpoint `slot` is warmed up. */
  markReady(slot: number): void {
    this.#cells[READY + slot] = 1;
  }

  /** How many of the first `count` slots are ready. */
  readyCount(count: number): number {
    let ready = 0;
    for (let slot = 0; slot < count; slot++) ready += this.#cells[READY + slot] === 1 ? 1 : 0;
    return ready;
  }

  /** Sets the start (monotonic seconds). */
  publishStart(seconds: number): void {
    this.#cells[START] = seconds;
  }

  /** The start (monotonic seconds), or 0 while the runner has not set it. */
  start(): number {
    return this.#cells[START];
  }

  /** Reader `slot` started its clock at `seconds` (monotonic). */
  publishReaderStart(slot: number, seconds: number): void {
    this.#cells[STARTED + slot] = seconds;
  }

  /** Reader `slot` has measured `bytes` so far, the last of them at `lastSeconds` (monotonic). */
  publishMeasured(slot: number, bytes: number, lastSeconds: number): void {
    this.#cells[MEASURED + slot] = bytes;
    this.#cells[LAST + slot] = lastSeconds;
  }

  /**
   * What the readers (slots `writers` to `writers + readers - 1`) have measured together so far:
   * their bytes, the seconds from the first one's start to the last one's last byte (0 until one
   * has a byte), and how many have started.
   */
  readersMeasured(writers: number, readers: number): { bytes: number; seconds: number; started: number } {
    let bytes = 0;
    let first = Infinity;
    let last = 0;
    let started = 0;
    for (let slot = writers; slot < writers + readers; slot++) {
      bytes += this.#cells[MEASURED + slot];
      const start = this.#cells[STARTED + slot];
      if (start > 0) {
        first = Math.min(first, start);
        started++;
      }
      last = Math.max(last, this.#cells[LAST + slot]);
    }
    return { bytes, seconds: last > 0 && first < Infinity ? last - first : 0, started };
  }
}
