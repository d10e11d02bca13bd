/**
 * The two children of a run: starting them as session leaders on the ends of the pipe, watching
 * their exits (not their output's end-of-file, which a daemon can hold back) and output, killing
 * them and whatever they left behind (bench/_reap.ts), describing how they ended, and the timers
 * and abort listeners a run waits on.
 *
 * Private to the runner (bench/runner.ts re-exports {@link killAllEndpoints}).
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { constants as osConstants } from "node:os";
import { libc } from "../ffi/libc.ts";
import { closeFd } from "../ffi/pipe.ts";
import type { CaseParams } from "../model/types.ts";
import type { Launch, Pipe } from "./_launch.ts";
import { pinned } from "./_launch.ts";
import { WRITER_RESULT_PREFIX } from "./endpoint/protocol.ts";
import { describeProcesses, killAll, LEFTOVER_MARK, reapAdopted, runProcesses, ticksNow } from "./_reap.ts";

/** How much of a child's stderr is kept for an error message. */
const TAIL_BYTES = 8 * 1024;

/** One side of a run: its process, the tails of its output, and how it ended. */
export interface Child {
  side: "writer" | "reader";
  process: ChildProcess;
  stdout: string;
  stderr: string;
  spawnError: Error | null;
  /** Resolves with the exit once the process has exited and its output is drained (or given up on). */
  exited: Promise<{ code: number | null; signal: string | null }>;
  exit: { code: number | null; signal: string | null } | null;
}

/**
 * How much of a child's stdout is kept: the reader's result line, which for a latency case carries
 * its histogram (up to ~80 KB when every bucket is used).
 */
const STDOUT_TAIL_BYTES = 256 * 1024;

/** The end of `text`, at most `limit` ({@link TAIL_BYTES}) long. */
function keepTail(text: string, limit = TAIL_BYTES): string {
  return text.length > limit ? text.slice(-limit) : text;
}

/**
 * How long a child's output may stay open after it exited: longer means something it left behind
 * holds the pipe, and the runner stops waiting for end-of-file (it waits for the exit, not for
 * EOF) rather than hang on a daemon.
 */
const DRAIN_MS = 500;

/** Signal names by number, to read the `128 + n` status a namespace's init passes on. */
const SIGNAL_NAMES = new Map(Object.entries(osConstants.signals).map(([name, number]) => [number as number, name]));

/**
 * The exit as the command itself ended: in a PID namespace the runner sees its init's status,
 * which is the shell's `128 + n` for a command killed by signal n.
 */
function commandExit(code: number | null, signal: string | null, namespaced: boolean): Child["exit"] & object {
  const name = namespaced && code !== null && code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined;
  return name === undefined ? { code, signal } : { code: null, signal: name };
}

/** Starts one side as the leader of a new session (and process group) and starts watching it. */
function start(
  side: Child["side"],
  argv: string[],
  stdio: ("ignore" | "pipe" | number)[],
  env: Record<string, string>,
  namespaced: boolean,
): Child {
  const process = spawn(argv[0], argv.slice(1), { stdio, detached: true, env });
  const pid = process.pid;
  if (pid !== undefined) liveGroups.set(pid, runStart);
  const child: Child = { side, process, stdout: "", stderr: "", spawnError: null, exit: null, exited: null! };
  process.stdout?.setEncoding("utf8");
  process.stderr?.setEncoding("utf8");
  process.stdout?.on("data", (text: string) => child.stdout = keepTail(child.stdout + text, STDOUT_TAIL_BYTES));
  process.stderr?.on("data", (text: string) => child.stderr = keepTail(child.stderr + text));
  const closed = new Promise<void>((resolve) => process.once("close", () => resolve()));
  child.exited = new Promise((resolve) => {
    process.on("error", (error) => {
      child.spawnError = error;
      child.exit = { code: null, signal: null };
      resolve(child.exit);
    });
    process.once("exit", async (code, signal) => {
      // What it wrote before exiting is in the pipe already: give the streams a moment to drain,
      // but never wait for an end-of-file that a process it left behind may hold back forever.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([closed, new Promise((done) => timer = setTimeout(done, DRAIN_MS))]);
      clearTimeout(timer);
      process.stdout?.destroy();
      process.stderr?.destroy();
      child.exit = commandExit(code, signal, namespaced);
      resolve(child.exit);
    });
  });
  return child;
}

/** Process groups of the endpoints running now, with the start of their run, for {@link killAllEndpoints}. */
const liveGroups = new Map<number, number>();

/** The start of the current run in clock ticks (orphans adopted since then are the run's). */
let runStart = 0;

/**
 * SIGKILLs every endpoint process group still running: for a caller that must exit at once
 * (a second Ctrl-C) and cannot wait for the current run to wind down.
 */
export function killAllEndpoints(): void {
  for (const [pgid, since] of liveGroups) {
    const left = runProcesses([pgid], since);
    try {
      globalThis.process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
    killAll(left);
  }
  liveGroups.clear();
}

/** Whether any process (a zombie included) is still in process group `pgid`. */
function groupHasMembers(pgid: number): boolean {
  return libc().kill(-pgid, 0) === 0;
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
  const lines = child.stderr.split("\n").filter((line) =>
    line.trim() !== "" && !line.startsWith(WRITER_RESULT_PREFIX) && !line.startsWith(LEFTOVER_MARK)
  );
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
  writerFds: readonly number[] = [],
): { writer: Child; reader: Child } {
  runStart = ticksNow();
  const { writer: writerArgv, reader: readerArgv, env, namespaced } = launch;
  try {
    const writer = start(
      "writer",
      pinned(writerArgv, cpus?.writer),
      // fd 3 of a latency case's echo: the read end of the second pipe
      ["ignore", pipe.writeFd, "pipe", ...writerFds],
      env,
      namespaced.writer,
    );
    const reader = start(
      "reader",
      pinned(readerArgv, cpus?.reader),
      // fds 3, 4, ... of the reader: the turns schedule's token pipes
      [pipe.readFd, "pipe", "pipe", ...readerFds],
      env,
      namespaced.reader,
    );
    return { writer, reader };
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
  }
}

/** One endpoint of a run with several (a contention run): its side, argv (pinned) and stdio. */
export interface EndpointSpawn {
  side: Child["side"];
  argv: string[];
  stdio: ("ignore" | "pipe" | number)[];
}

/**
 * Starts every endpoint of a contention run, each as the leader of its own session, as
 * {@link spawnPair} starts a pair (the caller closes its copies of the descriptors they share).
 */
export function spawnEndpoints(spawns: readonly EndpointSpawn[], env: Record<string, string>): Child[] {
  runStart = ticksNow();
  return spawns.map(({ side, argv, stdio }) => start(side, argv, stdio, env, false));
}

/** Kills both sides' groups and waits until both have exited (their output drained or given up). */
export async function killAndReap(children: readonly Child[]): Promise<void> {
  children.forEach(killGroup);
  await Promise.all(children.map((child) => child.exited));
}

/**
 * Ends a run: finds every process it started that is still alive (see bench/_reap.ts), kills them
 * and both sides' groups, waits for both sides and reaps adopted orphans. Returns what was left
 * running besides the two sides (empty when they left nothing), for the run's report.
 */
export async function endRun(children: readonly Child[]): Promise<string[]> {
  const roots = children.map((child) => child.process.pid).filter((pid) => pid !== undefined);
  const left = runProcesses(roots, runStart);
  children.forEach(killGroup);
  killAll(left);
  await Promise.all(children.map((child) => child.exited));
  await reapAdopted(left);
  // A namespace's init, killed beside its parent, is reaped by PID 1 a moment later: the run is
  // over once its groups are empty (bounded, should PID 1 be slow to reap).
  const deadline = Date.now() + 2_000;
  while (roots.some(groupHasMembers) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
  for (const root of roots) liveGroups.delete(root);
  const notes = children.flatMap((child) =>
    child.stderr.split("\n").filter((line) => line.startsWith(LEFTOVER_MARK)).map(() =>
      `the ${child.side} left processes running when it exited; its PID namespace ended them`
    )
  );
  if (left.length > 0) notes.push(`killed what the run left running: ${describeProcesses(left)}`);
  return notes;
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
