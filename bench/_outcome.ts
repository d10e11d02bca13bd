/**
 * The last steps of a run: reading what the endpoints printed (the reader's result line on stdout,
 * the writer's on stderr), checking it, and turning it into the run's outcome — a sample, or a
 * failure naming the side.
 *
 * Private to the runner (bench/runner.ts re-exports {@link RunOutcome}).
 *
 * @module
 */
import { GIB_BYTES } from "../model/sizes.ts";
import type { CaseParams, Failure, Sample, SideReport } from "../model/types.ts";
import { type ReaderResult, WRITER_RESULT_PREFIX, type WriterResult } from "./endpoint/protocol.ts";

/** Outcome of one run: a sample, or a failure naming the side. */
export type RunOutcome =
  | { ok: true; sample: Omit<Sample, "run" | "repetition"> }
  | { ok: false; failure: Omit<Failure, "run"> };

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

/** Whether `value` has every field of a {@link ReaderResult}, each a sane number. */
function isReaderResult(value: unknown): value is ReaderResult {
  const v = value as Partial<ReaderResult> | null;
  const number = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  return typeof v === "object" && v !== null && v.side === "reader" && number(v.bytes) && number(v.seconds) &&
    v.seconds! > 0 && number(v.warmupBytes) && number(v.pipeSize) && typeof v.usage === "object" &&
    v.usage !== null && number(v.usage.userSeconds) && number(v.usage.systemSeconds) &&
    typeof v.hugePages === "object" && v.hugePages !== null && number(v.hugePages.requestedBytes) &&
    number(v.hugePages.backedBytes);
}

/** The reader's result (its last stdout line), or why there is none. */
function parseReaderResult(stdout: string): ReaderResult | string {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    const value: unknown = JSON.parse(line);
    if (isReaderResult(value)) return value;
  } catch {
    // fall through
  }
  return `the reader printed no valid result line (the last line was ${JSON.stringify(line.slice(0, 200))})`;
}

/** The writer's result line (prefixed on stderr), or `null` when it printed none. */
export function parseWriterResult(stderr: string): WriterResult | null {
  const line = stderr.split("\n").findLast((text) => text.startsWith(WRITER_RESULT_PREFIX));
  if (line === undefined) return null;
  try {
    return JSON.parse(line.slice(WRITER_RESULT_PREFIX.length)) as WriterResult;
  } catch {
    return null;
  }
}

/**
 * The reader's result, or why it does not count: no valid result line, or fewer bytes than the
 * case asked for.
 */
export function readerResult(stdout: string, params: CaseParams): ReaderResult | string {
  const parsed = parseReaderResult(stdout);
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
    },
  };
}
