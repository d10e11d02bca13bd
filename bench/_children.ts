/**
 * The two children of a run: starting them as process-group leaders on the ends of the pipe,
 * watching their exits and output, killing them as groups, describing how they ended, and the
 * timers and abort listeners a run waits on.
 *
 * Private to the runner (bench/runner.ts re-exports {@link killAllEndpoints}).
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeFd } from "../ffi/pipe.ts";
import type { CaseParams } from "../model/types.ts";
import type { Launch, Pipe } from "./_launch.ts";
import { pinned } from "./_launch.ts";
import { WRITER_RESULT_PREFIX } from "./endpoint/protocol.ts";

/** How much of a child's stderr is kept for an error message. */
const TAIL_BYTES = 8 * 1024;

/** One side of a run: its process, the tails of its output, and how it ended. */
export interface Child {
  side: "writer" | "reader";
  process: ChildProcess;
  stdout: string;
  stderr: string;
  spawnError: Error | null;
  /** Resolves with the exit once the process has exited and its output streams are drained. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  exit: { code: number | null; signal: string | null } | null;
}

/** The end of `text`, at most {@link TAIL_BYTES} long. */
function keepTail(text: string): string {
  return text.length > TAIL_BYTES ? text.slice(-TAIL_BYTES) : text;
}

/** Starts one side as the leader of a new process group and starts watching it. */
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
export function killGroup(child: Child): void {
  const pid = child.process.pid;
  if (pid === undefined) return;
  try {
    globalThis.process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** How a child ended (or why it never started), with the tail of its stderr. */
export function describeExit(child: Child): string {
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

/** The last few lines of a child's stderr (the writer's result line left out). */
function stderrTail(child: Child): string {
  const lines = child.stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith(WRITER_RESULT_PREFIX));
  return lines.slice(-5).join(" | ");
}

/** Whether a child started and exited with code 0. */
export function succeeded(child: Child): boolean {
  return child.spawnError === null && child.exit !== null && child.exit.code === 0;
}

/** An external writer ends by SIGPIPE or EPIPE once the reader leaves: that is success. */
export function externalWriterEndedNormally(child: Child): boolean {
  return child.spawnError === null && child.exit !== null &&
    (child.exit.code === 0 || child.exit.signal === "SIGPIPE" || child.exit.code === 141 ||
      child.exit.code === 1 && /Broken pipe|EPIPE/i.test(child.stderr));
}

/**
 * Starts both sides on the pipe (the writer's stdout is its write end, the reader's stdin its read
 * end), pinned to the case's CPUs, then closes the runner's copies of the pipe whatever happens.
 */
export function spawnPair(
  launch: Launch,
  pipe: Pipe,
  cpus: CaseParams["cpus"],
  readerFds: readonly number[] = [],
): { writer: Child; reader: Child } {
  try {
    const writer = start("writer", pinned(launch.writer, cpus?.writer), ["ignore", pipe.writeFd, "pipe"], launch.env);
    const reader = start("reader", pinned(launch.reader, cpus?.reader), [
      pipe.readFd,
      "pipe",
      "pipe",
      ...readerFds, // fds 3, 4, ... of the reader (the turns schedule's token pipes)
    ], launch.env);
    return { writer, reader };
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
  }
}

/** Kills both sides' groups and waits until both have exited and their output is drained. */
export async function killAndReap(children: readonly Child[]): Promise<void> {
  children.forEach(killGroup);
  await Promise.all(children.map((child) => child.exited));
}

/** Timers and abort listeners of one run, all released when the run ends. */
export class Waits {
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
