/**
 * The pipe calls of one end of a pipe as `strace` saw them, and how two ends compare: for each call
 * the kind, the length it asked for and what it returned (a byte count or an errno name), counted
 * in a histogram. Used by the call-level fidelity test to put pipespeed's endpoints next to the
 * post's program.
 *
 * Two things in such traces are timing, not program, and are set apart (see
 * {@link compareSides}): `EAGAIN` returns of busy loops (their number says only who waited for
 * whom), and the race of an unaligned vmsplice buffer's last call, a few bytes in one slot, with
 * the reader: when the writer's next call comes before the reader took them, that buffer goes in
 * other lengths ({@link writerBuffers} counts such buffers).
 *
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { closeFd, createPipe } from "../../ffi/pipe.ts";

/** Which end of the pipe a trace belongs to: the writer's calls are on fd 1, the reader's on fd 0. */
export type Side = "writer" | "reader";

/** One pipe call. */
export interface Call {
  /** `write`, `vmsplice`, `read` or `splice`. */
  call: string;
  /** The length asked for. */
  requested: number;
  /** The bytes moved, or the errno name (`EAGAIN`, `EPIPE`). */
  returned: number | string;
}

/** `call requested returned` → how many times. */
export type Histogram = Map<string, number>;

const RESULT = String.raw`\)\s+= (-?\d+|\?)(?: ([A-Z]+))?`;
const PATTERNS: Record<Side, RegExp[]> = {
  writer: [
    new RegExp(String.raw`^(write)\(1, .*, (\d+)` + RESULT),
    new RegExp(String.raw`^(vmsplice)\(1, \[\{iov_base=.*, iov_len=(\d+)\}\], 1, .*` + RESULT),
  ],
  reader: [
    new RegExp(String.raw`^(read)\(0, .*, (\d+)` + RESULT),
    new RegExp(String.raw`^(splice)\(0, NULL, \d+, NULL, (\d+), .*` + RESULT),
  ],
};

/**
 * One side's pipe calls in the text of one `strace -ff -s 1` output file (one thread per file, so
 * no call is split over lines), in order. Calls on other descriptors (start-up, the result line)
 * are left out.
 */
export function parseCalls(text: string, side: Side): Call[] {
  const calls: Call[] = [];
  for (const line of text.split("\n")) {
    for (const pattern of PATTERNS[side]) {
      const match = pattern.exec(line);
      if (match === null) continue;
      const [, call, requested, value, error] = match;
      const returned = value === "-1" || value === "?" ? (error ?? value) : Number(value);
      calls.push({ call, requested: Number(requested), returned });
      break;
    }
  }
  return calls;
}

/** The key of a call in a histogram. */
export function callKey(call: Call): string {
  return `${call.call} ${call.requested} ${call.returned}`;
}

/** Counts calls (`EAGAIN` returns left out: see the module doc). */
export function histogram(calls: readonly Call[]): Histogram {
  const counts: Histogram = new Map();
  for (const call of calls) {
    if (call.returned === "EAGAIN") continue;
    counts.set(callKey(call), (counts.get(callKey(call)) ?? 0) + 1);
  }
  return counts;
}

/** A writer's buffers: the calls of each (from a call asking for a whole buffer until it is all sent). */
export interface WriterBuffers {
  /** The most frequent sequence of calls of one buffer, as `requested→returned, ...`. */
  usual: string;
  /** Buffers sent in full. */
  count: number;
  /** Buffers sent in full in another sequence of calls (the race of the module doc). */
  raced: number;
}

/**
 * Groups a writer's calls (one thread's, in order; `EAGAIN` retries left out) into buffers: a call
 * resumes the buffer of the previous one while that one returned less than it asked for.
 */
export function writerBuffers(calls: readonly Call[]): WriterBuffers {
  const sequences = new Map<string, number>();
  let current: string[] = [];
  let left = 0;
  for (const call of calls) {
    if (call.returned === "EAGAIN") continue;
    if (typeof call.returned !== "number") break; // EPIPE: the reader is gone, the buffer unfinished
    current.push(`${call.requested}→${call.returned}`);
    left = call.requested - call.returned;
    if (left === 0) {
      const key = current.join(", ");
      sequences.set(key, (sequences.get(key) ?? 0) + 1);
      current = [];
    }
  }
  let usual = "";
  let usualCount = 0;
  let count = 0;
  for (const [key, n] of sequences) {
    count += n;
    if (n > usualCount) [usual, usualCount] = [key, n];
  }
  return { usual, count, raced: count - usualCount };
}

/** One side of a traced run: its calls by thread. */
export interface TracedSide {
  /** The calls of each thread that made any (the hot loop runs in one). */
  threads: Call[][];
}

/** Both sides of a traced run. */
export interface TracedRun {
  writer: TracedSide;
  reader: TracedSide;
}

/** Every call of a side, whatever its thread. */
export function allCalls(side: TracedSide): Call[] {
  return side.threads.flat();
}

/** The writer's buffers, from the thread that made the most calls (the endpoint's main thread). */
export function mainWriterBuffers(side: TracedSide): WriterBuffers {
  const main = side.threads.reduce((a, b) => (b.length > a.length ? b : a), []);
  return writerBuffers(main);
}

/**
 * How one side of pipespeed differs from the same side of the post's program, as lines (none: they
 * match). Every (call, requested, returned) count must agree within 2% of the larger count, plus
 * an allowance for what timing decides: one call (the writer's last, cut by the reader's exit) and
 * two per raced buffer of the side with more of them (a raced buffer changes at most two counts of
 * each kind, on either end; both programs race, by amounts that vary from run to run). What the
 * race cannot change is checked exactly: the writer's usual sequence of calls per buffer, and the
 * (call, requested length) pairs of the reader, which asks for a whole buffer every time.
 */
export function compareSides(
  side: Side,
  pipespeed: TracedSide,
  program: TracedSide,
  raced: number,
): string[] {
  const problems: string[] = [];
  const ours = histogram(allCalls(pipespeed));
  const theirs = histogram(allCalls(program));
  const allowance = 1 + 2 * raced;
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(key) ?? 0;
    const b = theirs.get(key) ?? 0;
    if (Math.abs(a - b) > 0.02 * Math.max(a, b) + allowance) {
      problems.push(`${side}: \`${key}\` ${a} times in pipespeed, ${b} in the program (allowed ±${allowance} + 2%)`);
    }
  }
  if (side === "writer") {
    const a = mainWriterBuffers(pipespeed).usual;
    const b = mainWriterBuffers(program).usual;
    if (a !== b) problems.push(`writer: a buffer usually goes as [${a}] in pipespeed, [${b}] in the program`);
  } else {
    const asked = (calls: Call[]) => [...new Set(calls.map((c) => `${c.call} ${c.requested}`))].sort().join(", ");
    const a = asked(allCalls(pipespeed));
    const b = asked(allCalls(program));
    if (a !== b) problems.push(`reader: asks for [${a}] in pipespeed, [${b}] in the program`);
  }
  return problems;
}

/** `strace` writing one file per thread under `prefix` (`prefix.<tid>`), lengths only (`-s 1`). */
export function straceArgv(strace: string, prefix: string): string[] {
  return [strace, "-ff", "-qq", "-s", "1", "-e", "trace=read,write,vmsplice,splice", "-e", "signal=none", "-o", prefix];
}

/**
 * Runs `writer | reader` on a fresh pipe, each in its own process group (both argv already wrapped
 * in strace writing under `dir/w` and `dir/r`), both killed after `timeoutMs`; returns their
 * traced calls. Throws when the reader fails or a side does not end.
 */
export async function traceRun(writer: string[], reader: string[], dir: string, timeoutMs: number): Promise<TracedRun> {
  const pipe = createPipe();
  const start = (argv: string[], stdio: ("ignore" | "pipe" | number)[]) => {
    const child = spawn(argv[0], argv.slice(1), { stdio, detached: true });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => stderr = (stderr + text).slice(-4000));
    child.stdout?.resume();
    const closed = new Promise<{ code: number | null; stderr: () => string }>((resolve) => {
      child.on("error", (error) => resolve({ code: null, stderr: () => `${argv[0]}: ${error.message}` }));
      child.on("close", (code) => resolve({ code, stderr: () => stderr }));
    });
    return { child, closed };
  };
  let sides: ReturnType<typeof start>[];
  try {
    sides = [start(writer, ["ignore", pipe.writeFd, "pipe"]), start(reader, [pipe.readFd, "pipe", "pipe"])];
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
  }
  const timer = setTimeout(() => {
    for (const { child } of sides) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, timeoutMs);
  try {
    const [w, r] = await Promise.all(sides.map((side) => side.closed));
    if (r.code !== 0) throw new Error(`reader exited with ${r.code}: ${r.stderr()}`);
    if (w.code === null) throw new Error(`writer did not end: ${w.stderr()}`);
  } finally {
    clearTimeout(timer);
  }
  const threads = async (prefix: string, side: Side) => {
    const found: Call[][] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.name.startsWith(prefix + ".")) continue;
      const calls = parseCalls(await Deno.readTextFile(`${dir}/${entry.name}`), side);
      if (calls.length > 0) found.push(calls);
    }
    return { threads: found };
  };
  return { writer: await threads("w", "writer"), reader: await threads("r", "reader") };
}
