/**
 * The runner's part of a latency case (`measure: latency`, docs/latency.md): both sides'
 * configurations for bench/endpoint/roundtrip.ts, the time limit, the check of the initiator's
 * claim, and the run's latency figures from its histogram.
 *
 * Private to the runner.
 *
 * @module
 */
import { DEFAULT_PIPE_BYTES, LATENCY_PERCENTILES, type LatencyPlan, latencyPlan } from "../model/latency.ts";
import type { CaseParams, LatencySample } from "../model/types.ts";
import { type CompactHistogram, Histogram, SUB_BUCKET_BITS } from "../stats/histogram.ts";
import type { RoundTripConfig, RoundTripResult } from "./endpoint/roundtrip.ts";
import type { OneWayConfig, OneWayResult } from "./endpoint/oneway.ts";

/** The endpoint program of both sides of a latency case. */
export const ROUND_TRIP_SCRIPT = new URL("./endpoint/roundtrip.ts", import.meta.url).pathname;

/** The endpoint program of both sides of a one-way latency case (a `rate`: open loop). */
export const ONE_WAY_SCRIPT = new URL("./endpoint/oneway.ts", import.meta.url).pathname;

/**
 * One side's configuration of a one-way case (a `rate`): the sender runs as the case's writer
 * process, the receiver as its reader.
 */
export function oneWayConfig(
  params: CaseParams,
  side: "writer" | "reader",
  extras: { disableTransparentHugePages: boolean; traceFastPath?: boolean },
): OneWayConfig {
  const { role: _role, send: _send, receive: _receive, ...rest } = roundTripConfig(params, side, extras);
  return { ...rest, role: side === "writer" ? "sender" : "receiver", rate: params.rate! };
}

/** One side's configuration: the echo runs as the case's writer process, the initiator as its reader. */
export function roundTripConfig(
  params: CaseParams,
  side: "writer" | "reader",
  extras: { disableTransparentHugePages: boolean; traceFastPath?: boolean },
): RoundTripConfig {
  if (typeof params.writer !== "string" || typeof params.reader !== "string") {
    throw new Error("a latency case runs the built-in endpoints only");
  }
  if (params.writer === "splice" || params.writer === "sendfile") {
    throw new Error("a latency case sends with write or vmsplice");
  }
  const plan: LatencyPlan = latencyPlan(params);
  return {
    role: side === "reader" ? "initiator" : "echo",
    send: params.writer,
    receive: params.reader,
    messageSize: plan.messageSize,
    roundTrips: plan.roundTrips,
    warmupRoundTrips: plan.warmupRoundTrips,
    pipeBytes: plan.pipeBytes,
    hugePages: params.hugePages,
    lockMemory: params.lockMemory,
    touchPages: params.touchPages,
    bufferOffset: params.bufferOffset,
    bufferSize: plan.messageSize,
    busyLoop: params.busyLoop,
    poll: params.poll,
    gift: params.gift,
    cpu: params.cpus?.[side] ?? null,
    warmupBytes: 0,
    parentPid: Deno.pid,
    disableTransparentHugePages: extras.disableTransparentHugePages,
    // --trace-fast-path: each side checks its calls message by message (endpoint/call-trace.ts).
    traceFastPath: extras.traceFastPath ?? false,
  };
}

/**
 * The time limit of a latency run: generous for a slow machine (5 ms per pipe-full each way: a busy
 * poll of two sides on one CPU waits for the scheduler's tick; and 50 MiB/s for the bytes), bounded for a hang.
 */
export function latencyTimeoutSeconds(params: CaseParams): number {
  const plan = latencyPlan(params);
  const roundTrips = plan.roundTrips + plan.warmupRoundTrips;
  // One way: the schedule itself lasts count / rate; a saturated pipe may take three times as long.
  if (plan.rate !== null) return 30 + 3 * roundTrips / plan.rate + roundTrips * 20e-6;
  // Each pipe-full of a message each way may wait for the other side (on one CPU, for a preemption).
  const pipeFulls = 2 * Math.ceil(plan.messageSize / (plan.pipeBytes ?? DEFAULT_PIPE_BYTES));
  return 30 + roundTrips * (0.005 * pipeFulls + 2 * plan.messageSize / (50 * 1024 * 1024));
}

/**
 * Why the initiator's latency claim is not a measurement of this case, or `null`: no histogram,
 * another layout, another count of round trips or message size, or a histogram that does not read.
 */
export function latencyProblem(result: object, params: CaseParams): string | null {
  const latency = (result as { latency?: unknown }).latency as Partial<RoundTripResult["latency"]> | undefined;
  if (latency === undefined || latency === null || typeof latency !== "object") {
    return "the reader printed no latency histogram for a latency case";
  }
  const plan = latencyPlan(params);
  if (latency.roundTrips !== plan.roundTrips || latency.messageSize !== plan.messageSize) {
    return `the reader timed ${latency.roundTrips} round trips of ${latency.messageSize} bytes, ` +
      `not the ${plan.roundTrips} of ${plan.messageSize} asked for`;
  }
  const rate = (latency as Partial<OneWayResult["latency"]>).rate;
  if (plan.rate !== null && (rate !== plan.rate || !(Number(latency.roundTrips) > 0))) {
    return `the reader timed messages sent at ${rate ?? "no"} per second, not the ${plan.rate} asked for`;
  }
  let histogram: Histogram;
  try {
    histogram = Histogram.fromCompact(latency.histogram as CompactHistogram);
  } catch (error) {
    return `its latency histogram does not read: ${error instanceof Error ? error.message : error}`;
  }
  if (histogram.count() !== plan.roundTrips) {
    return `its latency histogram holds ${histogram.count()} round trips, not ${plan.roundTrips}`;
  }
  return null;
}

/** A run's latency (figures in µs) from the initiator's (or the one-way receiver's) checked result. */
export function latencySample(latency: RoundTripResult["latency"] & Partial<OneWayResult["latency"]>): LatencySample {
  const histogram = Histogram.fromCompact(latency.histogram);
  const us = (ns: number) => ns / 1000;
  const percentiles = Object.fromEntries(LATENCY_PERCENTILES.map(([key, p]) => [key, us(histogram.percentile(p))]));
  return {
    roundTrips: latency.roundTrips,
    messageSize: latency.messageSize,
    microseconds: {
      ...(percentiles as Record<(typeof LATENCY_PERCENTILES)[number][0], number>),
      max: us(histogram.max()),
      mean: us(histogram.mean()),
    },
    histogram: { ...latency.histogram, subBucketBits: SUB_BUCKET_BITS },
    ...(latency.rate === undefined ? {} : { rate: latency.rate, deliveredRate: latency.deliveredRate }),
  };
}
