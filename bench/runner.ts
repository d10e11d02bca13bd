/**
 * Runs one case once: creates the pipe, starts the writer and the reader as separate processes
 * joined by it at the descriptor level (the runner never copies a byte), waits for the reader's
 * result line, and turns anything else — a crash, a hang, garbage — into a {@link Failure}.
 *
 * Each child gets its own process group and is killed as a group, so nothing is left behind;
 * the runner closes its copies of the pipe right after the spawn, so nothing leaks either.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { allowedCpus } from "../ffi/cpu.ts";
import { canExecute } from "../ffi/files.ts";
import { closeFd, createPipe, setPipeSize } from "../ffi/pipe.ts";
import {
  DEFAULT_WARMUP_BYTES,
  GIB,
  type ReaderConfig,
  type ReaderResult,
  WRITER_RESULT_PREFIX,
  type WriterConfig,
  type WriterResult,
} from "./endpoint/protocol.ts";
import type { CaseParams, Failure, Sample, SideReport } from "../model/types.ts";
import { readerConfig, writerConfig } from "./endpoint/config.ts";
export { readerConfig, writerConfig };
import { TRACE_ENV } from "../ffi/fastpath.ts";

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
  /**
   * Deno endpoints record which stretches of the measured part ran on V8's fast FFI path
   * (`fastPathBytes` in each side's report; ffi/fastpath.ts). The record costs time per call:
   * a diagnostic run, not one to quote.
   */
  traceFastPath?: boolean;
  /** Called once both sides are started, with their process ids (group leaders). */
  onSpawn?: (pids: { writer: number | undefined; reader: number | undefined }) => void;
}

/** Outcome of one run: a sample, or a failure naming the side. */
export type RunOutcome =
  | { ok: true; sample: Omit<Sample, "run" | "repetition"> }
  | { ok: false; failure: Omit<Failure, "run"> };

/**
 * What runs one case once: {@link runOnce}, or a stand-in (a session takes one, so that its
 * scheduling can be tested without processes).
 */
export type RunFunction = (params: CaseParams, options: RunOptions) => Promise<RunOutcome>;

export { DEFAULT_WARMUP_BYTES };
/** How long a writer may take to leave after the reader finished (it should see `EPIPE` at once). */
const WRITER_GRACE_MS = 5_000;
/** How much of a child's stderr is kept for an error message. */
const TAIL_BYTES = 8 * 1024;

const writerScript = new URL("./endpoint/writer.ts", import.meta.url).pathname;
const readerScript = new URL("./endpoint/reader.ts", import.meta.url).pathname;

/** The argv of a Deno endpoint given its configuration (unpinned: see {@link pinned}). */
export function denoEndpointArgv(side: "writer" | "reader", config: WriterConfig | ReaderConfig): string[] {
  return [Deno.execPath(), ...ENDPOINT_FLAGS, side === "writer" ? writerScript : readerScript, JSON.stringify(config)];
}

/**
 * The `deno run` flags of an endpoint: FFI only, nothing else — and no Maglev. V8 enters Deno's
 * fast FFI calls only from TurboFan code, and a hot loop that V8 first compiles with Maglev (on
 * stack replacement) stays in Maglev for as long as the loop runs: `run --trace-fast-path` found
 * 93% of a write/read reader's measured bytes and 22% of a vmsplice/read reader's moved through
 * the slow path (about 130 ns more per call). Without Maglev, V8 goes straight to TurboFan.
 */
export const ENDPOINT_FLAGS = [
  "run",
  "--quiet",
  "--no-prompt",
  "--no-config",
  "--no-lock",
  "--v8-flags=--no-maglev",
  "--allow-ffi",
];

/** The absolute path of a program as `execvp` would find it, or `null` (checked through libc). */
export function findProgram(name: string): string | null {
  const candidates = name.includes("/")
    ? [name]
    : (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":").map((dir) => `${dir || "."}/${name}`);
  return candidates.find(canExecute) ?? null;
}

let tasksetPath: string | null | undefined;

/** `taskset` from util-linux, when on the PATH (found once). */
function findTaskset(): string | null {
  if (tasksetPath === undefined) tasksetPath = findProgram("taskset");
  return tasksetPath;
}

/**
 * Pins a child to `cpu` from its first instruction: through `taskset` every thread the runtime
 * starts (V8's compiler and GC helpers included) stays on that CPU, as a single-threaded C
 * endpoint would. Without taskset, a Deno endpoint still pins its own main thread.
 */
export function pinned(argv: string[], cpu: number | undefined): string[] {
  const taskset = cpu === undefined ? null : findTaskset();
  return taskset === null ? argv : [taskset, "--cpu-list", String(cpu), ...argv];
}

/** A reason why `cpus` cannot be used here, or `null` when both are allowed. */
export function cpuProblem(cpus: CaseParams["cpus"]): string | null {
  if (cpus === null) return null;
  const allowed = allowedCpus();
  for (const side of ["writer", "reader"] as const) {
    if (!allowed.includes(cpus[side])) {
      return `cpus.${side}: CPU ${cpus[side]} is not available; this process may run on CPUs ${allowed.join(",")}`;
    }
  }
  return null;
}

/**
 * The environment of both children: the runner's, plus what an external endpoint needs to know
 * (`PIPESPEED_BYTES`, `PIPESPEED_MIN_SECONDS`, `PIPESPEED_WARMUP_BYTES`, `PIPESPEED_BUFFER_SIZE`).
 * An external reader must consume the warm-up untimed, then measure and print the same JSON line
 * as `bench/endpoint/reader.ts` (see `ReaderResult` in bench/endpoint/protocol.ts).
 */
export function externalEnv(params: CaseParams, warmupBytes: number): Record<string, string> {
  return {
    ...Deno.env.toObject(),
    PIPESPEED_BYTES: String(params.bytes),
    PIPESPEED_MIN_SECONDS: String(params.duration),
    PIPESPEED_WARMUP_BYTES: String(warmupBytes),
    PIPESPEED_BUFFER_SIZE: String(params.bufferSize),
  };
}

/** Default time limit of a run: generous for a slow machine, bounded for a hang. */
export function defaultTimeoutSeconds(params: CaseParams, warmupBytes = DEFAULT_WARMUP_BYTES): number {
  const slowestBytesPerSecond = 50 * 1024 * 1024; // far below any pipe; only a hang is slower
  return 30 + params.duration * 2 + (params.bytes + warmupBytes) / slowestBytesPerSecond;
}

interface Child {
  side: "writer" | "reader";
  process: ChildProcess;
  stdout: string;
  stderr: string;
  spawnError: Error | null;
  /** Resolves with the exit once the process has exited and its output streams are drained. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  exit: { code: number | null; signal: string | null } | null;
}

function keepTail(text: string): string {
  return text.length > TAIL_BYTES ? text.slice(-TAIL_BYTES) : text;
}

function start(
  side: Child["side"],
  argv: string[],
  stdio: ("ignore" | "pipe" | number)[],
  env: Record<string, string>,
): Child {
  const process = spawn(argv[0], argv.slice(1), { stdio, detached: true, env });
  const pid = process.pid;
  if (pid !== undefined) liveGroups.add(pid);
  const child: Child = { side, process, stdout: "", stderr: "", spawnError: null, exit: null, exited: null! };
  process.stdout?.setEncoding("utf8");
  process.stderr?.setEncoding("utf8");
  process.stdout?.on("data", (text: string) => child.stdout = keepTail(child.stdout + text));
  process.stderr?.on("data", (text: string) => child.stderr = keepTail(child.stderr + text));
  child.exited = new Promise((resolve) => {
    process.on("error", (error) => {
      child.spawnError = error;
      child.exit = { code: null, signal: null };
      resolve(child.exit);
    });
    process.on("close", (code, signal) => {
      if (pid !== undefined) liveGroups.delete(pid);
      child.exit = { code, signal };
      resolve(child.exit);
    });
  });
  return child;
}

/** Process groups of the endpoints running now, for {@link killAllEndpoints}. */
const liveGroups = new Set<number>();

/**
 * SIGKILLs every endpoint process group still running: for a caller that must exit at once
 * (a second Ctrl-C) and cannot wait for the current run to wind down.
 */
export function killAllEndpoints(): void {
  for (const pgid of liveGroups) {
    try {
      globalThis.process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Kills a child's whole process group (it was started as a group leader). */
function killGroup(child: Child): void {
  const pid = child.process.pid;
  if (pid === undefined) return;
  try {
    globalThis.process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function describeExit(child: Child): string {
  if (child.spawnError) {
    const code = (child.spawnError as { code?: string }).code;
    const program = child.process.spawnfile;
    return code === "ENOENT"
      ? `command not found: ${program}`
      : `could not start ${program}: ${child.spawnError.message}`;
  }
  const exit = child.exit;
  const how = exit === null
    ? "still running"
    : exit.signal !== null
    ? `killed by ${exit.signal}`
    : `exited with code ${exit.code}`;
  const tail = stderrTail(child);
  return tail ? `${how}: ${tail}` : how;
}

function stderrTail(child: Child): string {
  const lines = child.stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith(WRITER_RESULT_PREFIX));
  return lines.slice(-5).join(" | ");
}

function succeeded(child: Child): boolean {
  return child.spawnError === null && child.exit !== null && child.exit.code === 0;
}

/** An external writer ends by SIGPIPE or EPIPE once the reader leaves: that is success. */
function externalWriterEndedNormally(child: Child): boolean {
  return child.spawnError === null && child.exit !== null &&
    (child.exit.code === 0 || child.exit.signal === "SIGPIPE" || child.exit.code === 141 ||
      child.exit.code === 1 && /Broken pipe|EPIPE/i.test(child.stderr));
}

/** `{fastPath}` when the endpoint traced its calls (external readers never do). */
function fastPathReport(result: { bytes: number; fastPathBytes?: unknown }): Pick<SideReport, "fastPath"> {
  const fastBytes = result.fastPathBytes;
  return typeof fastBytes === "number" && Number.isFinite(fastBytes) && fastBytes >= 0
    ? { fastPath: { bytes: result.bytes, fastBytes } }
    : {};
}

function isReaderResult(value: unknown): value is ReaderResult {
  const v = value as Partial<ReaderResult> | null;
  const number = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  return typeof v === "object" && v !== null && v.side === "reader" && number(v.bytes) && number(v.seconds) &&
    v.seconds! > 0 && number(v.warmupBytes) && number(v.pipeSize) && typeof v.usage === "object" &&
    v.usage !== null && number(v.usage.userSeconds) && number(v.usage.systemSeconds) &&
    typeof v.hugePages === "object" && v.hugePages !== null && number(v.hugePages.requestedBytes) &&
    number(v.hugePages.backedBytes);
}

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

function parseWriterResult(stderr: string): WriterResult | null {
  const line = stderr.split("\n").findLast((text) => text.startsWith(WRITER_RESULT_PREFIX));
  if (line === undefined) return null;
  try {
    return JSON.parse(line.slice(WRITER_RESULT_PREFIX.length)) as WriterResult;
  } catch {
    return null;
  }
}

/** Timers and abort listeners of one run, all released when the run ends. */
class Waits {
  #cleanups: (() => void)[] = [];

  /** Resolves after `ms`, or as soon as `signal` aborts. */
  delay(ms: number, signal?: AbortSignal): Promise<"timeout"> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), ms);
      const onAbort = () => resolve("timeout");
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#cleanups.push(() => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      });
    });
  }

  /** Resolves when `signal` aborts (never without one). */
  aborted(signal?: AbortSignal): Promise<"aborted"> {
    return new Promise((resolve) => {
      if (signal === undefined) return;
      if (signal.aborted) resolve("aborted");
      const onAbort = () => resolve("aborted");
      signal.addEventListener("abort", onAbort, { once: true });
      this.#cleanups.push(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Clears every timer and listener, so nothing keeps the event loop alive after the run. */
  release(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
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
  const timeoutSeconds = options.timeoutSeconds ?? defaultTimeoutSeconds(params, warmupBytes);
  const deno = options.denoPath ?? Deno.execPath();
  // A fresh tag per run, so a page left over from anything else can never pass the check.
  const verifyTag = params.verify ? crypto.getRandomValues(new Uint32Array(1))[0] : null;
  const writerArgv = typeof params.writer === "string"
    ? [
      deno,
      ...ENDPOINT_FLAGS,
      writerScript,
      JSON.stringify({
        ...writerConfig(params, warmupBytes, verifyTag),
        unsafeReuse: options.unsafeWriterReuse ?? false,
        disableTransparentHugePages: options.disableTransparentHugePages ?? false,
        traceFastPath: options.traceFastPath ?? false,
      }),
    ]
    : params.writer.command;
  const readerArgv = typeof params.reader === "string"
    ? [
      deno,
      ...ENDPOINT_FLAGS,
      readerScript,
      JSON.stringify({
        ...readerConfig(params, warmupBytes, verifyTag),
        disableTransparentHugePages: options.disableTransparentHugePages ?? false,
        traceFastPath: options.traceFastPath ?? false,
      }),
    ]
    : params.reader.command;

  const problem = cpuProblem(params.cpus);
  if (problem !== null) return { ok: false, failure: { side: "runner", reason: problem } };
  for (const side of ["writer", "reader"] as const) {
    const endpoint = params[side];
    if (typeof endpoint !== "string" && findProgram(endpoint.command[0]) === null) {
      return { ok: false, failure: { side, reason: `${side} command not found: ${endpoint.command[0]}` } };
    }
  }
  const env = externalEnv(params, warmupBytes);
  if (options.traceFastPath) env[TRACE_ENV] = "1";

  const startedAt = performance.now();
  const { readFd, writeFd } = createPipe();
  if (typeof params.writer !== "string" && params.pipeSize !== null) {
    // A built-in writer sizes the pipe itself; for a program, the runner does it before the spawn.
    try {
      setPipeSize(writeFd, params.pipeSize);
    } catch (error) {
      closeFd(readFd);
      closeFd(writeFd);
      return { ok: false, failure: { side: "runner", reason: `pipeSize: ${(error as Error).message}` } };
    }
  }
  let writer: Child;
  let reader: Child;
  try {
    writer = start("writer", pinned(writerArgv, params.cpus?.writer), ["ignore", writeFd, "pipe"], env);
    reader = start("reader", pinned(readerArgv, params.cpus?.reader), [readFd, "pipe", "pipe"], env);
  } finally {
    closeFd(readFd);
    closeFd(writeFd);
  }
  const children = [writer, reader];
  const waits = new Waits();
  options.onSpawn?.({ writer: writer.process.pid, reader: reader.process.pid });
  try {
    const first = await Promise.race([
      reader.exited.then(() => "reader" as const),
      writer.exited.then(() => "writer" as const),
      waits.delay(timeoutSeconds * 1000, options.signal),
      waits.aborted(options.signal),
    ]);
    if (first === "aborted" || options.signal?.aborted) {
      return { ok: false, failure: { side: "runner", reason: "interrupted" } };
    }
    if (first === "timeout") {
      children.forEach(killGroup);
      await Promise.all(children.map((child) => child.exited));
      return {
        ok: false,
        failure: {
          side: "runner",
          reason: `timed out after ${timeoutSeconds.toFixed(0)} s with no result (both sides killed); ` +
            `writer: ${describeExit(writer)}; reader: ${describeExit(reader)}`,
        },
      };
    }
    if (first === "writer") {
      // The writer left first. For a Deno writer that is a failure (it only stops on EPIPE); an
      // external writer may stop by itself, and then the reader decides whether enough arrived.
      const external = typeof params.writer !== "string";
      if (!external && !succeeded(writer) || external && writer.spawnError !== null) {
        killGroup(reader);
        await reader.exited;
        return { ok: false, failure: { side: "writer", reason: `writer ${describeExit(writer)}` } };
      }
      const readerDone = await Promise.race([
        reader.exited.then(() => "done"),
        waits.delay(timeoutSeconds * 1000, options.signal),
      ]);
      if (readerDone !== "done") killGroup(reader);
      await reader.exited;
    }
    if (!succeeded(reader)) {
      const writerFailedFirst = first === "writer" && !externalWriterEndedNormally(writer);
      killGroup(writer);
      await writer.exited;
      // A writer that died before the reader is the cause; the reader's complaint is the effect.
      return writerFailedFirst
        ? {
          ok: false,
          failure: { side: "writer", reason: `writer ${describeExit(writer)} (reader: ${describeExit(reader)})` },
        }
        : { ok: false, failure: { side: "reader", reason: `reader ${describeExit(reader)}` } };
    }
    const parsed = parseReaderResult(reader.stdout);
    const result = typeof parsed !== "string" && parsed.bytes < params.bytes
      ? `the reader measured ${parsed.bytes} bytes, fewer than the ${params.bytes} asked for`
      : parsed;
    if (typeof result === "string") {
      killGroup(writer);
      await writer.exited;
      return { ok: false, failure: { side: "reader", reason: result } };
    }
    // The reader is done and gone: the writer sees EPIPE and leaves.
    const writerDone = await Promise.race([
      writer.exited.then(() => "done"),
      waits.delay(WRITER_GRACE_MS, options.signal),
    ]);
    if (writerDone !== "done") {
      killGroup(writer);
      await writer.exited;
      return {
        ok: false,
        failure: {
          side: "writer",
          reason: `writer did not exit within ${WRITER_GRACE_MS / 1000} s after the reader finished`,
        },
      };
    }
    let writerReport: Sample["writer"] = null;
    if (typeof params.writer === "string") {
      const writerResult = succeeded(writer) ? parseWriterResult(writer.stderr) : null;
      if (writerResult === null) {
        return { ok: false, failure: { side: "writer", reason: `writer ${describeExit(writer)}` } };
      }
      writerReport = {
        usage: writerResult.usage,
        hugePages: writerResult.hugePages,
        cpu: params.cpus?.writer ?? null,
        ...fastPathReport(writerResult),
      };
    } else if (!externalWriterEndedNormally(writer)) {
      return { ok: false, failure: { side: "writer", reason: `writer ${describeExit(writer)}` } };
    }
    return {
      ok: true,
      sample: {
        bytes: result.bytes,
        seconds: result.seconds,
        gibPerSecond: result.bytes / result.seconds / GIB,
        warmupBytes: result.warmupBytes,
        pipeSize: result.pipeSize,
        wallSeconds: (performance.now() - startedAt) / 1000,
        reader: {
          usage: result.usage,
          hugePages: result.hugePages,
          cpu: params.cpus?.reader ?? null,
          ...fastPathReport(result),
        },
        writer: writerReport,
      },
    };
  } finally {
    waits.release();
    children.forEach(killGroup);
    await Promise.all(children.map((child) => child.exited));
  }
}
