/**
 * Runs one case once: creates the pipe, starts the writer and the reader as separate processes
 * joined by it at the descriptor level (the runner never copies a byte), waits for the reader's
 * result line, and turns anything else — a crash, a hang, garbage — into a {@link Failure}.
 *
 * Each child gets its own session and is killed as a group; an external command also runs
 * contained (its own PID namespace where allowed, bench/_reap.ts), and whatever a run leaves
 * running is found and killed when it ends, so nothing is left behind. The runner waits for exits,
 * never for an end-of-file a daemon could hold back, and one deadline bounds the whole run. It
 * closes its copies of the pipe right after the spawn, so no descriptor leaks either.
 *
 * A run goes in steps, each in its own function: prepare the argv and configuration
 * (bench/_launch.ts), create the pipe, spawn the two children (bench/_children.ts), wait for them
 * under the time limit and the abort signal (here), then read and check what they printed and
 * build the sample or the failure (bench/_outcome.ts).
 *
 * @module
 */
import type { CaseParams, Failure, Sample } from "../model/types.ts";
import {
  type Child,
  describeExit,
  endRun,
  externalWriterEndedNormally,
  killAndReap,
  spawnPair,
  succeeded,
  Waits,
} from "./_children.ts";
import { defaultTimeoutSeconds, type EndpointSettings, newVerifyTag, openPipe, prepareLaunch } from "./_launch.ts";
import {
  failed,
  measuredWindowOf,
  parseWriterResult,
  readerResult,
  type RunOutcome,
  sampleOf,
  writerReport,
} from "./_outcome.ts";
import { DEFAULT_WARMUP_BYTES, type MeasuredWindow } from "./endpoint/protocol.ts";
import { isContention } from "../model/contention.ts";
import { contentionTimeoutSeconds, runContention } from "./_contention.ts";
import { closeFd, createPipe } from "../ffi/pipe.ts";
import { isLatencyCase } from "../model/latency.ts";

export { readerConfig, writerConfig } from "./endpoint/config.ts";
export {
  cpuProblem,
  defaultTimeoutSeconds,
  denoEndpointArgv,
  ENDPOINT_FLAGS,
  externalEnv,
  findProgram,
  pinned,
} from "./_launch.ts";
export { killAllEndpoints } from "./_children.ts";
export type { MeasuredWindow, RunOutcome };
export { DEFAULT_WARMUP_BYTES };

/** How to run. */
export interface RunOptions {
  /** Bytes each side moves before the reader's clock starts (default {@link DEFAULT_WARMUP_BYTES}). */
  warmupBytes?: number;
  /** Kill both sides when the run has not finished after this many seconds (default: from the case). */
  timeoutSeconds?: number;
  /** Stops the run (both sides killed) when aborted. */
  signal?: AbortSignal;
  /** The `deno` executable for the endpoints (default `Deno.execPath()`). */
  denoPath?: string;
  /** Tests only: both sides run with THP disabled, as on a machine where huge pages are unavailable. */
  disableTransparentHugePages?: boolean;
  /** Tests only: let a vmsplice writer rewrite halves still in the pipe (see `WriterConfig.unsafeReuse`). */
  unsafeWriterReuse?: boolean;
  /** Tests only: a `socket` sink's consumer stops after this many bytes (see `ReaderConfig.sinkStopAfter`). */
  sinkStopAfter?: number;
  /**
   * Deno endpoints record which stretches of the measured part ran on V8's fast FFI path
   * (`fastPathBytes` in each side's report; ffi/fastpath.ts). The record costs time per call:
   * a diagnostic run, not one to quote.
   */
  traceFastPath?: boolean;
  /** The folder of the Deno endpoints' `writer.ts` and `reader.ts` (default: this checkout's): another version's, for `ab`. */
  endpointDir?: string;
  /**
   * Tests only: contain external endpoints as on a machine without PID namespaces (`session`:
   * session, subreaper and a /proc search; bench/_reap.ts).
   */
  containment?: "session";
  /**
   * Called once both sides are started, with their process ids (group leaders); in a contention
   * case (several writers or readers) `writer` and `reader` are the first of each, `all` every one.
   */
  onSpawn?: (pids: { writer: number | undefined; reader: number | undefined; all?: (number | undefined)[] }) => void;
}

/**
 * What runs one case once: {@link runOnce}, or a stand-in (a session takes one, so that its
 * scheduling can be tested without processes).
 */
export type RunFunction = (params: CaseParams, options: RunOptions) => Promise<RunOutcome>;

/** How long a writer may take to leave after the reader finished (it should see `EPIPE` at once). */
const WRITER_GRACE_MS = 5_000;

/** A run under way: its case, its two children, and what it waits on. */
interface Running {
  params: CaseParams;
  writer: Child;
  reader: Child;
  timeoutSeconds: number;
  /** `performance.now()` at which the run is over, whatever the children do. */
  deadline: number;
  signal: AbortSignal | undefined;
  waits: Waits;
}

/**
 * Runs one case once.
 *
 * @example
 * ```ts
 * const outcome = await runOnce(params);
 * if (outcome.ok) console.log(outcome.sample.gibPerSecond);
 * ```
 */
export async function runOnce(params: CaseParams, options: RunOptions = {}): Promise<RunOutcome> {
  const warmupBytes = options.warmupBytes ?? DEFAULT_WARMUP_BYTES;
  if (isContention(params)) {
    return await runContention(params, {
      settings: endpointSettings(params, options, warmupBytes),
      timeoutSeconds: options.timeoutSeconds ?? contentionTimeoutSeconds(params, warmupBytes),
      signal: options.signal,
      onSpawn: (all) => options.onSpawn?.({ writer: all[0], reader: all[params.writers], all }),
    });
  }
  const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds(params, warmupBytes);
  const launch = prepareLaunch(params, endpointSettings(params, options, warmupBytes));
  if (!("env" in launch)) return { ok: false, failure: launch };
  const startedAt = performance.now();
  const pipe = openPipe(params);
  if (!("readFd" in pipe)) return { ok: false, failure: pipe };
  // A latency case answers on a second pipe: fd 3 of both sides (bench/endpoint/roundtrip.ts).
  const back = isLatencyCase(params) ? createPipe() : null;
  let children: { writer: Child; reader: Child };
  try {
    children = back === null
      ? spawnPair(launch, pipe, params.cpus)
      : spawnPair(launch, pipe, params.cpus, [back.writeFd], [back.readFd]);
  } finally {
    if (back !== null) [back.readFd, back.writeFd].forEach(closeFd);
  }
  const { writer, reader } = children;
  const deadline = startedAt + timeoutSeconds * 1000;
  const run: Running = { params, writer, reader, timeoutSeconds, deadline, signal: options.signal, waits: new Waits() };
  options.onSpawn?.({ writer: writer.process.pid, reader: reader.process.pid });
  let outcome: RunOutcome;
  let left: string[];
  try {
    outcome = await measure(run, startedAt);
  } finally {
    run.waits.release();
    left = await endRun([writer, reader]);
  }
  if (left.length === 0) return outcome;
  const note = left.join("; ");
  return outcome.ok
    ? { ...outcome, warning: note }
    : { ok: false, failure: { ...outcome.failure, reason: `${outcome.failure.reason}; ${note}` } };
}

/** Waits for both sides and turns what they did into the run's outcome. */
async function measure(run: Running, startedAt: number): Promise<RunOutcome> {
  const { params, writer, reader } = run;
  const ended = await waitForReader(run);
  if (ended !== null) return ended;
  const result = readerResult(reader.stdout, params, (performance.now() - startedAt) / 1000);
  if (typeof result === "string") {
    await killAndReap([writer]);
    return failed("reader", result);
  }
  const writerSide = await waitForWriter(run);
  if ("failure" in writerSide) return { ok: false, failure: writerSide.failure };
  return {
    ...sampleOf(result, writerSide.report, params, (performance.now() - startedAt) / 1000),
    windows: { writer: writerSide.window, reader: measuredWindowOf(result) },
  };
}

/** Milliseconds left until the run's deadline (0 once it passed). */
function remaining(run: Running): number {
  return Math.max(0, run.deadline - performance.now());
}

/** The failure of a run that reached its deadline (both sides killed first). */
async function timedOut(run: Running): Promise<RunOutcome> {
  const { writer, reader } = run;
  await killAndReap([writer, reader]);
  return failed(
    "runner",
    `timed out after ${run.timeoutSeconds.toFixed(0)} s with no result (both sides killed); ` +
      `writer: ${describeExit(writer)}; reader: ${describeExit(reader)}`,
  );
}

/** The settings of the Deno endpoints from the run options. */
export function endpointSettings(params: CaseParams, options: RunOptions, warmupBytes: number): EndpointSettings {
  return {
    deno: options.denoPath ?? Deno.execPath(),
    warmupBytes,
    verifyTag: newVerifyTag(params),
    unsafeWriterReuse: options.unsafeWriterReuse ?? false,
    sinkStopAfter: options.sinkStopAfter ?? null,
    disableTransparentHugePages: options.disableTransparentHugePages ?? false,
    traceFastPath: options.traceFastPath ?? false,
    endpointDir: options.endpointDir,
    containment: options.containment,
  };
}

/**
 * Waits until the reader has exited successfully (then `null`), or returns the failure that ended
 * the run first: the abort signal, the time limit, a writer that died, a reader that failed.
 */
async function waitForReader(run: Running): Promise<RunOutcome | null> {
  const { writer, reader, waits, signal } = run;
  const first = await Promise.race([
    reader.exited.then(() => "reader" as const),
    writer.exited.then(() => "writer" as const),
    waits.delay(remaining(run), signal),
    waits.aborted(signal),
  ]);
  if (first === "aborted" || signal?.aborted) return failed("runner", "interrupted");
  if (first === "timeout") return await timedOut(run);
  if (first === "writer") {
    const failure = await afterWriterLeft(run);
    if (failure !== null) return failure;
  }
  if (succeeded(reader)) return null;
  const writerFailedFirst = first === "writer" && !externalWriterEndedNormally(writer);
  await killAndReap([writer]);
  // A writer that died before the reader is the cause; the reader's complaint is the effect.
  return writerFailedFirst
    ? failed("writer", `writer ${describeExit(writer)} (reader: ${describeExit(reader)})`)
    : failed("reader", `reader ${describeExit(reader)}`);
}

/**
 * The writer left first. For a Deno writer that is a failure (it only stops on EPIPE); an
 * external writer may stop by itself, and then the reader decides whether enough arrived: it
 * has until the run's deadline to finish.
 */
async function afterWriterLeft(run: Running): Promise<RunOutcome | null> {
  const { writer, reader, waits, signal } = run;
  const external = typeof run.params.writer !== "string";
  if (!external && !succeeded(writer) || external && writer.spawnError !== null) {
    await killAndReap([reader]);
    return failed("writer", `writer ${describeExit(writer)}`);
  }
  const readerDone = await Promise.race([
    reader.exited.then(() => "done"),
    waits.delay(remaining(run), signal),
  ]);
  if (signal?.aborted) return failed("runner", "interrupted");
  if (readerDone !== "done") return await timedOut(run);
  return null;
}

/**
 * The reader is done and gone, so the writer sees EPIPE and leaves: waits for that, then reads the
 * writer's side of the sample (`null` for an external writer, which reports nothing).
 */
async function waitForWriter(
  run: Running,
): Promise<{ report: Sample["writer"]; window: MeasuredWindow | null } | { failure: Omit<Failure, "run"> }> {
  const { writer, waits, signal } = run;
  // The grace runs past the deadline only by what a writer needs to see EPIPE (at least 1 s).
  const graceMs = Math.min(WRITER_GRACE_MS, Math.max(1_000, remaining(run)));
  const writerDone = await Promise.race([
    writer.exited.then(() => "done"),
    waits.delay(graceMs, signal),
  ]);
  if (writerDone !== "done") {
    await killAndReap([writer]);
    return {
      failure: {
        side: "writer",
        reason: `writer did not exit within ${Math.round(graceMs / 1000)} s after the reader finished`,
      },
    };
  }
  if (typeof run.params.writer !== "string") {
    return externalWriterEndedNormally(writer)
      ? { report: null, window: null }
      : { failure: { side: "writer", reason: `writer ${describeExit(writer)}` } };
  }
  const result = succeeded(writer) ? parseWriterResult(writer.stderr) : null;
  return result === null
    ? { failure: { side: "writer", reason: `writer ${describeExit(writer)}` } }
    : { report: writerReport(result, run.params), window: measuredWindowOf(result) };
}
