/**
 * The last steps of a run: reading what the endpoints printed (the reader's result line on stdout,
 * the writer's on stderr), checking it, and turning it into the run's outcome — a sample, or a
 * failure naming the side.
 *
 * A reader may be any command (an external reader prints the same line), so its line is a claim
 * to check before it becomes a sample: every field of the results schema present and of its kind
 * (whole bytes, whole counters), seconds positive and no longer than the run's wall-clock time,
 * and a throughput below {@link MAX_BYTES_PER_SECOND}. A claim that fails is the reader's failure,
 * with the reason: one lie must not reach results.json, the charts or the statistics.
 *
 * Private to the runner (bench/runner.ts re-exports {@link RunOutcome}).
 *
 * @module
 */
import { GIB_BYTES, TIB_BYTES } from "../model/sizes.ts";
import type { CaseParams, Failure, Sample, SideReport } from "../model/types.ts";
import {
  type MeasuredWindow,
  type ReaderResult,
  WRITER_RESULT_PREFIX,
  type WriterResult,
} from "./endpoint/protocol.ts";
import type { RoundTripResult } from "./endpoint/roundtrip.ts";
import { isLatencyCase } from "../model/latency.ts";
import { latencyProblem, latencySample } from "./_latency.ts";

/**
 * Outcome of one run: a sample, or a failure naming the side. A run on its own also gives, when
 * its endpoints reported them, each side's measured window (for `--profile`; never recorded in
 * the results): `null` for a side that did not (an external command, an older endpoint).
 */
export type RunOutcome =
  | {
    ok: true;
    sample: Omit<Sample, "run" | "repetition">;
    warning?: string;
    windows?: { writer: MeasuredWindow | null; reader: MeasuredWindow | null };
  }
  | { ok: false; failure: Omit<Failure, "run"> };

/**
 * The measured window an endpoint reported in its result line, or `null` when it reported none or
 * one that is not a window (both finite, the start not after the end).
 */
export function measuredWindowOf(result: { measuredWindow?: unknown } | null): MeasuredWindow | null {
  const window = result?.measuredWindow as Partial<Record<keyof MeasuredWindow, unknown>> | undefined;
  if (typeof window !== "object" || window === null) return null;
  const { start, end } = window;
  return typeof start === "number" && typeof end === "number" && Number.isFinite(start) &&
      Number.isFinite(end) && start <= end
    ? { start, end }
    : null;
}

/** A failed outcome. */
export function failed(side: Failure["side"], reason: string): RunOutcome & { ok: false } {
  return { ok: false, failure: { side, reason } };
}

/** `{fastPath}` when the endpoint traced its calls (external readers never do). */
function fastPathReport(result: { bytes: number; fastPathBytes?: unknown }): Pick<SideReport, "fastPath"> {
  const fastBytes = result.fastPathBytes;
  return typeof fastBytes === "number" && Number.isFinite(fastBytes) && fastBytes >= 0
    ? { fastPath: { bytes: result.bytes, fastBytes } }
    : {};
}

/** `{migrations}` when the endpoint could count them (older or external endpoints cannot). */
function migrationsReport(result: { migrations?: unknown }): Pick<SideReport, "migrations"> {
  const migrations = result.migrations;
  return typeof migrations === "number" && Number.isInteger(migrations) && migrations >= 0 ? { migrations } : {};
}

/**
 * No pipe moves 10 TiB/s (memory bandwidth of a large server is well under 1 TiB/s): a reader
 * claiming more measured nothing real.
 */
export const MAX_BYTES_PER_SECOND = 10 * TIB_BYTES;

/** How much longer than the run's wall-clock time a reader's seconds may be: clock granularity. */
const WALL_SLACK_SECONDS = 0.01;

/** A finite number, 0 or more. */
const isSeconds = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;
/** A whole number, 0 or more, exactly representable (what a byte or event count is). */
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** The first field of `value` that is missing or not of its kind, as `name (value)`; `null` when none. */
function wrongField(value: Record<string, unknown>): string | null {
  const usage = (value.usage ?? {}) as Record<string, unknown>;
  const huge = (value.hugePages ?? {}) as Record<string, unknown>;
  const checks: [string, unknown, (x: unknown) => boolean][] = [
    ["bytes", value.bytes, isCount],
    ["seconds", value.seconds, (x) => isSeconds(x) && x > 0],
    ["warmupBytes", value.warmupBytes, isCount],
    ["pipeSize", value.pipeSize, isCount],
    ["usage.userSeconds", usage.userSeconds, isSeconds],
    ["usage.systemSeconds", usage.systemSeconds, isSeconds],
    ["usage.voluntaryContextSwitches", usage.voluntaryContextSwitches, isCount],
    ["usage.involuntaryContextSwitches", usage.involuntaryContextSwitches, isCount],
    ["usage.minorPageFaults", usage.minorPageFaults, isCount],
    ["usage.majorPageFaults", usage.majorPageFaults, isCount],
    ["hugePages.requestedBytes", huge.requestedBytes, isCount],
    ["hugePages.backedBytes", huge.backedBytes, isCount],
    ["fastPathBytes", value.fastPathBytes, (x) => x === undefined || x === null || isCount(x)],
  ];
  const wrong = checks.find(([, x, ok]) => !ok(x));
  return wrong === undefined ? null : `${wrong[0]} ${wrong[1] === undefined ? "missing" : `= ${wrong[1]}`}`;
}

/**
 * Why the reader's claim cannot be a measurement of this run, or `null`: a field missing or not of
 * its kind, more seconds than the run lasted, or a throughput no pipe reaches.
 */
function implausibility(value: Record<string, unknown>, wallSeconds: number | undefined): string | null {
  const wrong = wrongField(value);
  if (wrong !== null) return `${wrong}: each field must be present, bytes and counters whole numbers`;
  const { bytes, seconds } = value as { bytes: number; seconds: number };
  if (wallSeconds !== undefined && seconds > wallSeconds + WALL_SLACK_SECONDS) {
    return `it measured ${seconds} s in a run that lasted ${wallSeconds.toFixed(3)} s`;
  }
  if (bytes / seconds > MAX_BYTES_PER_SECOND) {
    return `${bytes} bytes in ${seconds} s is faster than ${MAX_BYTES_PER_SECOND / TIB_BYTES} TiB/s, ` +
      `more than any pipe moves`;
  }
  return null;
}

/** The reader's result (its last stdout line), or why there is none or it is not believable. */
function parseReaderResult(stdout: string, wallSeconds: number | undefined): ReaderResult | string {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = null;
  }
  if (typeof value !== "object" || value === null || (value as { side?: unknown }).side !== "reader") {
    return `the reader printed no valid result line (the last line was ${JSON.stringify(line.slice(0, 200))})`;
  }
  const problem = implausibility(value as Record<string, unknown>, wallSeconds);
  return problem === null ? value as ReaderResult : `the reader's result is not a measurement: ${problem}`;
}

/**
 * The writer's result line (prefixed on stderr), or `null` when it printed none or one with a
 * field missing or not of its kind (checked as the reader's, without seconds).
 */
export function parseWriterResult(stderr: string): WriterResult | null {
  const line = stderr.split("\n").findLast((text) => text.startsWith(WRITER_RESULT_PREFIX));
  if (line === undefined) return null;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line.slice(WRITER_RESULT_PREFIX.length));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const wrong = wrongField({ seconds: 1, warmupBytes: 0, pipeSize: 0, ...value });
  return wrong === null ? value as unknown as WriterResult : null;
}

/**
 * The reader's result, or why it does not count: no valid result line, a claim that cannot be a
 * measurement (checked against `wallSeconds`, the run's time so far, when given), or fewer bytes
 * than the case asked for.
 */
export function readerResult(stdout: string, params: CaseParams, wallSeconds?: number): ReaderResult | string {
  const parsed = parseReaderResult(stdout, wallSeconds);
  if (typeof parsed !== "string" && isLatencyCase(params)) {
    const problem = latencyProblem(parsed, params);
    return problem === null ? parsed : `the reader's result is not a measurement: ${problem}`;
  }
  return typeof parsed !== "string" && parsed.bytes < params.bytes
    ? `the reader measured ${parsed.bytes} bytes, fewer than the ${params.bytes} asked for`
    : parsed;
}

/** The writer's side of a sample, from a built-in writer's result line. */
export function writerReport(result: WriterResult, params: CaseParams): NonNullable<Sample["writer"]> {
  return {
    usage: result.usage,
    hugePages: result.hugePages,
    cpu: params.cpus?.writer ?? null,
    ...fastPathReport(result),
    ...migrationsReport(result),
  };
}

/** The sample of a run whose reader measured `result`. */
export function sampleOf(
  result: ReaderResult,
  writer: Sample["writer"],
  params: CaseParams,
  wallSeconds: number,
): RunOutcome & { ok: true } {
  return {
    ok: true,
    sample: {
      bytes: result.bytes,
      seconds: result.seconds,
      gibPerSecond: result.bytes / result.seconds / GIB_BYTES,
      warmupBytes: result.warmupBytes,
      pipeSize: result.pipeSize,
      wallSeconds,
      reader: {
        usage: result.usage,
        hugePages: result.hugePages,
        cpu: params.cpus?.reader ?? null,
        ...fastPathReport(result),
        ...migrationsReport(result),
      },
      writer,
      ...latencyReport(result),
    },
  };
}

/** `{latency}` of a latency run (its result was checked by {@linkcode readerResult}). */
function latencyReport(result: ReaderResult): Pick<Sample, "latency"> {
  const latency = (result as Partial<RoundTripResult>).latency;
  return latency === undefined ? {} : { latency: latencySample(latency) };
}
