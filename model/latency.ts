/**
 * What a latency case (`measure: latency`, issue 18) resolves to, in one place: its message size
 * and round trips (`null` in the table is the default), its warm-up, the pipe its messages go
 * through, and the figures it reports (percentiles, maximum, mean, in microseconds).
 *
 * @module
 */
import { PAGE_SIZE } from "../ffi/constants.ts";
import { DEFAULT_MESSAGE_SIZE, DEFAULT_ROUND_TRIPS } from "./fields.ts";
import type { CaseParams } from "./params.ts";
import { DEFAULT_WARMUP_BYTES, MIB_BYTES } from "./sizes.ts";

/** The percentiles a latency case reports, with their keys in results.json (`p999` is 99.9). */
export const LATENCY_PERCENTILES = [
  ["p50", 50],
  ["p90", 90],
  ["p99", 99],
  ["p999", 99.9],
  ["p9999", 99.99],
] as const;

/** Every figure of a latency case, in the order reports show them. */
export const LATENCY_FIGURES = ["p50", "p90", "p99", "p999", "p9999", "max", "mean"] as const;

/** One figure of a latency case (`p50` … `p9999`, `max`, `mean`). */
export type LatencyFigure = (typeof LATENCY_FIGURES)[number];

/** How reports name a figure: `p99.9`, `max`, `mean`. */
export function figureLabel(figure: LatencyFigure): string {
  const percentile = LATENCY_PERCENTILES.find(([key]) => key === figure);
  return percentile === undefined ? figure : `p${percentile[1]}`;
}

/**
 * The fewest values a run needs for a figure to say more than its maximum: a percentile p rests on
 * the slowest (100 − p)% of the values, so at least one value must lie above it — 2 for p50, 10
 * for p90, 100 for p99, 1000 for p99.9, 10^4 for p99.99; 1 for the maximum and the mean. With
 * fewer, the histogram's nearest rank is the maximum itself.
 */
export function figureMinimumCount(figure: LatencyFigure): number {
  const percentile = LATENCY_PERCENTILES.find(([key]) => key === figure);
  return percentile === undefined ? 1 : Math.round(100 / (100 - percentile[1]));
}

/**
 * Whether every run of a case timed enough messages (`latency.roundTrips`) for `figure`
 * ({@link figureMinimumCount}); reports show "—" where not (results.json keeps the value: the
 * maximum). A case without latency runs resolves nothing.
 */
export function figureResolved(
  figure: LatencyFigure,
  samples: readonly { latency?: { roundTrips: number } }[],
): boolean {
  const counts = samples.flatMap((s) => s.latency === undefined ? [] : [s.latency.roundTrips]);
  return counts.length > 0 && Math.min(...counts) >= figureMinimumCount(figure);
}

/** The largest round-trip message: 1 MiB each way (a vmsplice message must also fit the pipe). */
export const MAX_MESSAGE_SIZE = MIB_BYTES;

/**
 * Stream fields a latency case has no use for: it times `roundTrips` (one way: `messages`), not
 * bytes over seconds through a buffer. Set in a latency case, they are refused at the field; set
 * under `defaults` or by a `run` flag (`--bytes`), they apply to the throughput cases only.
 */
export const STREAM_FIELDS = ["bytes", "duration", "bufferSize"] as const;

/** One of {@link STREAM_FIELDS}. */
export type StreamField = (typeof STREAM_FIELDS)[number];

/**
 * The fewest warm-up round trips: the warm-up is cut into pieces (bench/endpoint/tier-up.ts) and
 * V8 needs a few entries of the loop before it optimizes it.
 */
export const MIN_WARMUP_ROUND_TRIPS = 32;

/** Bytes of the stamp a one-way message starts with: its intended send time, ns, a float64. */
export const STAMP_BYTES = 8;

/**
 * The largest one-way message: `PIPE_BUF`, below which a write is atomic, so that each read of a
 * message's size returns one whole message, stamp first.
 */
export const MAX_ONE_WAY_MESSAGE = 4096;

/**
 * The highest rate the clock and one process can keep: a 100 ns interval (a write call takes
 * longer; the clock reads in tens of ns).
 */
export const MAX_RATE = 10_000_000;

/** The most bytes per second a one-way rate may offer: beyond, the pipe saturates long before. */
export const MAX_OFFERED_BYTES_PER_SECOND = 16 * 1024 ** 3;

/** The kernel's default pipe: 16 pages. */
export const DEFAULT_PIPE_BYTES = 16 * PAGE_SIZE;

/** What a latency case does per run, resolved. */
export interface LatencyPlan {
  /** Bytes of each message, each way. */
  messageSize: number;
  /** Round trips timed (one-way: messages timed). */
  roundTrips: number;
  /** One-way latency under load: the messages per second sent (open loop); `null`: round trips. */
  rate: number | null;
  /**
   * Round trips before the clock (JIT, page faults, caches): a tenth, at least 200, at most 20000,
   * and moving at most the stream's warm-up bytes both ways (32 MiB: 16 round trips of 1 MiB), but
   * never fewer than {@link MIN_WARMUP_ROUND_TRIPS}.
   */
  warmupRoundTrips: number;
  /**
   * The capacity both sides give their sending pipe: `pipeSize`; with vmsplice, when not set, the
   * smallest pipe that holds a whole message (a page per slot); `null`: the kernel's default.
   */
  pipeBytes: number | null;
}

/** Whether a case times round trips, or one-way messages under load (a latency case with a `rate`). */
export function isLatencyCase(params: Pick<CaseParams, "measure">): boolean {
  return params.measure === "latency";
}

/** Whether a latency case times one-way messages sent at a `rate` (open loop) rather than round trips. */
export function isOneWayCase(params: Pick<CaseParams, "measure" | "rate">): boolean {
  return isLatencyCase(params) && params.rate !== null && params.rate !== undefined;
}

/** The pages a message of `size` bytes at `offset` past a page boundary spans (vmsplice: one slot each). */
export function pagesSpanned(size: number, offset: number): number {
  return Math.ceil(((offset % PAGE_SIZE) + size) / PAGE_SIZE);
}

/** The smallest pipe (a power of two of pages, at least the default) whose slots hold `pages` pages. */
export function pipeBytesFor(pages: number): number {
  let bytes = DEFAULT_PIPE_BYTES;
  while (bytes / PAGE_SIZE < pages) bytes *= 2;
  return bytes;
}

/**
 * The warm-up of a latency run: a tenth of the round trips (200 to 20000), within a byte budget
 * of {@link DEFAULT_WARMUP_BYTES} both ways (a stream's warm-up), at least
 * {@link MIN_WARMUP_ROUND_TRIPS}: 200 round trips of 1 MiB would move 400 MiB before the clock.
 */
export function warmupRoundTrips(roundTrips: number, messageSize: number): number {
  const byCount = Math.min(20_000, Math.max(200, Math.ceil(roundTrips / 10)));
  const byBytes = Math.floor(DEFAULT_WARMUP_BYTES / (2 * Math.max(1, messageSize)));
  return Math.max(MIN_WARMUP_ROUND_TRIPS, Math.min(byCount, byBytes));
}

/** A latency case's plan from its fields. */
export function latencyPlan(params: CaseParams): LatencyPlan {
  const rate = params.rate ?? null;
  // One-way: a message holds its stamp; one second's worth of messages by default.
  const messageSize = params.messageSize ?? (rate === null ? DEFAULT_MESSAGE_SIZE : STAMP_BYTES);
  const roundTrips = rate === null
    ? params.roundTrips ?? DEFAULT_ROUND_TRIPS
    : params.messages ?? Math.min(1_000_000, Math.max(1000, rate));
  return {
    messageSize,
    roundTrips,
    rate,
    warmupRoundTrips: warmupRoundTrips(roundTrips, messageSize),
    pipeBytes: params.pipeSize ??
      (params.writer === "vmsplice" && rate === null
        ? pipeBytesFor(pagesSpanned(messageSize, params.bufferOffset))
        : null),
  };
}
