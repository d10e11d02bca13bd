/**
 * One session of the `turns` schedule (docs/schedules.md): the writer/reader pairs of several
 * cases are started at once (fresh processes), each warms up as a run does, and then the runner
 * hands a token to one reader at a time: that pair's writer is continued, its reader times a
 * block of about {@link TURN_BLOCK_SECONDS} with the same calls as a run (bench/turns/reader.ts),
 * answers, and the writer is stopped again (SIGSTOP) before the next pair gets the token. Every
 * case's blocks are thus spread over the same stretch of wall time, so a slow moment of the
 * machine slows every case alike. A pair's sample is its blocks together — their bytes over
 * their seconds, what a run measures — once it has moved the case's `bytes` and `duration`.
 *
 * Only one pair moves bytes at any moment; the others' writers are stopped and their readers
 * asleep on the token pipe, so 2 × N processes are alive but two CPUs suffice.
 *
 * @module
 */
import { POLLIN } from "../ffi/constants.ts";
import { libc } from "../ffi/libc.ts";
import { closeFd, createPipe, poller } from "../ffi/pipe.ts";
import type { CaseParams } from "../model/types.ts";
import { type Child, describeExit, killAndReap, spawnPair, succeeded } from "./_children.ts";
import { defaultTimeoutSeconds, ENDPOINT_FLAGS, openPipe, prepareLaunch } from "./_launch.ts";
import { failed, parseWriterResult, readerResult, type RunOutcome, sampleOf, writerReport } from "./_outcome.ts";
import { readerConfig } from "./endpoint/config.ts";
import { DEFAULT_WARMUP_BYTES } from "./endpoint/protocol.ts";
import { endpointSettings, type RunOptions } from "./runner.ts";
import { TOKEN_LAST, TOKEN_MORE, TOKEN_READY, TURNS_READER, type TurnsReaderConfig } from "./turns/reader.ts";

/**
 * About how long one block lasts. Short enough that drift is the same within a round of blocks
 * (bench:native --turns found 20 ms blocks took Deno/C ratios from ±10% to ±1–2%), long enough that
 * the switch (a token through two pipes, SIGCONT/SIGSTOP) stays outside the clock and rare.
 */
export const TURN_BLOCK_SECONDS = 0.02;

/** How long a finished pair's writer may take to leave after its reader did. */
const WRITER_GRACE_MS = 5_000;

const SIGCONT = 18;
const SIGSTOP = 19;

/** A pair of the session, from its start to its outcome. */
interface Pair {
  key: number;
  params: CaseParams;
  writer: Child;
  reader: Child;
  /** The runner's end of the pipe the token goes to the reader through. */
  tokenOut: number;
  /** The runner's end of the pipe the reader answers through. */
  tokenIn: number;
  wait: (timeoutMs: number) => number;
  timeoutSeconds: number;
  startedAt: number;
  outcome: RunOutcome | null;
}

/**
 * Runs one session of turns over `cases` (keyed by the caller, e.g. plan index), in the order
 * given; returns each case's outcome, in the order the pairs finished.
 */
export async function runTurnsSession(
  cases: readonly { key: number; params: CaseParams }[],
  options: RunOptions = {},
): Promise<Map<number, RunOutcome>> {
  const outcomes = new Map<number, RunOutcome>();
  const pairs: Pair[] = [];
  try {
    for (const { key, params } of cases) {
      const started = startPair(key, params, options);
      if ("ok" in started) outcomes.set(key, started);
      else pairs.push(started);
    }
    await waitUntilReady(pairs, options.signal);
    const active = pairs.filter((pair) => pair.outcome === null);
    for (const pair of active) signal(pair.writer, SIGSTOP);
    while (active.length > 0 && !options.signal?.aborted) {
      for (const pair of [...active]) {
        if (options.signal?.aborted) break;
        if (await takeTurn(pair)) active.splice(active.indexOf(pair), 1);
        // Between blocks (outside every clock): let Ctrl-C and child exits be seen.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    for (const pair of pairs) {
      outcomes.set(pair.key, pair.outcome ?? failed("runner", "interrupted"));
    }
    return outcomes;
  } finally {
    for (const pair of pairs) {
      signal(pair.writer, SIGCONT);
      await killAndReap([pair.writer, pair.reader]);
      closeFd(pair.tokenOut);
      closeFd(pair.tokenIn);
    }
  }
}

/** Starts a case's pair with the turns reader, or returns the failure that stops it first. */
function startPair(key: number, params: CaseParams, options: RunOptions): Pair | RunOutcome {
  const warmupBytes = options.warmupBytes ?? DEFAULT_WARMUP_BYTES;
  const settings = endpointSettings(params, options, warmupBytes);
  const launch = prepareLaunch(params, settings);
  if (!("env" in launch)) return { ok: false, failure: launch };
  if (typeof params.writer !== "string" || typeof params.reader !== "string") {
    return failed("runner", "an external command cannot take turns (the schedule runs it in runs)");
  }
  if (params.reader === "splice" && (params.sink === "socket" || params.tee)) {
    return failed(
      "runner",
      "a consumer thread (socket sink, tee stage) cannot take turns (the schedule runs it in runs)",
    );
  }
  const config: TurnsReaderConfig = {
    ...readerConfig(params, warmupBytes, settings.verifyTag),
    disableTransparentHugePages: settings.disableTransparentHugePages,
    turns: { count: null, blockSeconds: TURN_BLOCK_SECONDS, tokenIn: 3, tokenOut: 4 },
  };
  launch.reader = [settings.deno, ...ENDPOINT_FLAGS, TURNS_READER, JSON.stringify(config)];
  const pipe = openPipe(params);
  if (!("readFd" in pipe)) return { ok: false, failure: pipe };
  const toReader = createPipe();
  const fromReader = createPipe();
  try {
    const { writer, reader } = spawnPair(launch, pipe, params.cpus, [toReader.readFd, fromReader.writeFd]);
    return {
      key,
      params,
      writer,
      reader,
      tokenOut: toReader.writeFd,
      tokenIn: fromReader.readFd,
      wait: poller(fromReader.readFd, POLLIN),
      timeoutSeconds: options.timeoutSeconds ?? defaultTimeoutSeconds(params, warmupBytes),
      startedAt: performance.now(),
      outcome: null,
    };
  } finally {
    // The reader holds its ends now; without the runner's copies, its death is an end of file.
    closeFd(toReader.readFd);
    closeFd(fromReader.writeFd);
  }
}

/** One byte from the reader (`null` at end of file: the reader is gone). */
function readByte(pair: Pair): number | null {
  const byte = new Uint8Array(1);
  const n = libc().read(pair.tokenIn, Deno.UnsafePointer.of(byte), 1n);
  return n === 1 ? byte[0] : null;
}

/** Sends `sig` to a child (ignored once it is gone). */
function signal(child: Child, sig: number): void {
  const pid = child.process.pid;
  if (pid !== undefined && child.exit === null) libc().kill(pid, sig);
}

/** Waits (without blocking the event loop) until every pair has warmed up or failed. */
async function waitUntilReady(pairs: Pair[], abort: AbortSignal | undefined): Promise<void> {
  const waiting = new Set(pairs);
  while (waiting.size > 0) {
    for (const pair of waiting) {
      if (abort?.aborted) {
        pair.outcome = failed("runner", "interrupted");
      } else if (pair.wait(0) !== 0) {
        const byte = readByte(pair);
        if (byte !== TOKEN_READY) pair.outcome = await pairFailure(pair);
      } else if ((performance.now() - pair.startedAt) / 1000 > pair.timeoutSeconds) {
        pair.outcome = failed("runner", `timed out after ${pair.timeoutSeconds.toFixed(0)} s during the warm-up`);
      } else continue;
      waiting.delete(pair);
    }
    if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Gives `pair` the token for one block; returns true once the pair is done (measured or failed). */
async function takeTurn(pair: Pair): Promise<boolean> {
  signal(pair.writer, SIGCONT);
  const token = new Uint8Array([1]);
  if (libc().write(pair.tokenOut, Deno.UnsafePointer.of(token), 1n) !== 1) {
    pair.outcome = await pairFailure(pair);
    return true;
  }
  // Blocking on purpose: the runner sleeps in poll while the block runs.
  const ready = pair.wait(Math.min(Math.ceil(pair.timeoutSeconds * 1000), 2 ** 31 - 1));
  if (ready === 0) {
    await killAndReap([pair.writer, pair.reader]);
    pair.outcome = failed("runner", `timed out: a block took more than ${pair.timeoutSeconds.toFixed(0)} s`);
    return true;
  }
  const answer = readByte(pair);
  if (answer === TOKEN_MORE) {
    signal(pair.writer, SIGSTOP);
    return false;
  }
  pair.outcome = answer === TOKEN_LAST ? await finishPair(pair) : await pairFailure(pair);
  return true;
}

/** The reader answered its last block: waits for both to leave (before the next block) and reads them. */
async function finishPair(pair: Pair): Promise<RunOutcome> {
  const { writer, reader } = pair;
  await reader.exited;
  if (!succeeded(reader)) return await pairFailure(pair);
  const result = readerResult(reader.stdout, pair.params);
  if (typeof result === "string") return failed("reader", result);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const left = await Promise.race([
    writer.exited.then(() => true),
    new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), WRITER_GRACE_MS)),
  ]);
  clearTimeout(timer);
  if (!left) {
    return failed("writer", `writer did not exit within ${WRITER_GRACE_MS / 1000} s after the reader finished`);
  }
  const written = succeeded(writer) ? parseWriterResult(writer.stderr) : null;
  if (written === null) return failed("writer", `writer ${describeExit(writer)}`);
  return sampleOf(result, writerReport(written, pair.params), pair.params, (performance.now() - pair.startedAt) / 1000);
}

/** A pair that broke off: both killed, the side that failed first named. */
async function pairFailure(pair: Pair): Promise<RunOutcome> {
  const { writer, reader } = pair;
  // Give a dying reader a moment to be reaped, so its last words are in the message.
  await Promise.race([reader.exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  // A writer that died first is the cause; the reader's complaint (end of file) is the effect.
  const writerFirst = writer.exit !== null && !succeeded(writer);
  await killAndReap([writer, reader]);
  return !writerFirst
    ? failed("reader", `reader ${describeExit(reader)}`)
    : failed("writer", `writer ${describeExit(writer)}`);
}
