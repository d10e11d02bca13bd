/**
 * Runs a contention case once (`writers`/`readers` above 1, as the kernel's
 * tools/testing/selftests/pipe/pipe_bench.c): one pipe, N writer and M reader processes on it,
 * each pinned where the CPUs allow (model/contention.ts), all started and warmed up before one
 * shared start, the writers stopped together, the readers reading until every writer closed the
 * pipe. The start and the stop go through a shared page (bench/endpoint/start-line.ts), never
 * through the pipe being measured.
 *
 * Every endpoint is a Deno endpoint (bench/endpoint/contention.ts) started as the leader of its own
 * session; the first that fails ends the run (all killed, named with its number and how it
 * ended), and whatever is left is found and killed by bench/_children.ts's `endRun`.
 *
 * Private to the runner (bench/runner.ts sends contention cases here).
 *
 * @module
 */
import { allowedCpus, monotonicSeconds } from "../ffi/cpu.ts";
import { closeFd, createPipe, setPipeSize } from "../ffi/pipe.ts";
import { closeSharedPageFd, createSharedPage, type SharedPage } from "../ffi/shared-page.ts";
import { type ContentionCpus, contentionCpus } from "../model/contention.ts";
import type { CaseParams } from "../model/types.ts";
import { type Child, describeExit, endRun, killAndReap, spawnEndpoints, succeeded, Waits } from "./_children.ts";
import { contentionSample, type EndpointResults, parseContentionResult } from "./_contention-outcome.ts";
import { cpuProblem, ENDPOINT_FLAGS, type EndpointSettings, externalEnv, pinned } from "./_launch.ts";
import { failed, type RunOutcome } from "./_outcome.ts";
import { readerConfig, writerConfig } from "./endpoint/config.ts";
import type { ContentionConfig, ContentionRole } from "./endpoint/contention.ts";
import { START_LINE_FD, StartLine } from "./endpoint/start-line.ts";

const script = new URL("./endpoint/contention.ts", import.meta.url).pathname;

/** How far ahead the start is set once all are ready: every endpoint sees it before it comes. */
const START_AHEAD_SECONDS = 0.05;

/** How often the runner looks at the start line while the endpoints warm up. */
const POLL_MS = 5;

/** How a contention run is started and watched. */
export interface ContentionOptions {
  /** The Deno endpoints' settings (bench/runner.ts `endpointSettings`). */
  settings: EndpointSettings;
  /** Seconds from the spawn after which every endpoint is killed. */
  timeoutSeconds: number;
  /** Stops the run (all killed) when aborted. */
  signal?: AbortSignal;
  /** Called once all are started, with their process ids (writers, then readers). */
  onSpawn?: (pids: (number | undefined)[]) => void;
}

/** "writer 2 of 3". */
function nameOf(params: CaseParams, side: "writer" | "reader", index: number): string {
  return `${side} ${index + 1} of ${side === "writer" ? params.writers : params.readers}`;
}

/** The argv of every endpoint, writers first, each pinned to its CPU. */
function endpointArgvs(params: CaseParams, settings: EndpointSettings, cpus: ContentionCpus): string[][] {
  const entry = settings.endpointDir === undefined ? script : `${settings.endpointDir}/contention.ts`;
  const common = { disableTransparentHugePages: settings.disableTransparentHugePages, traceFastPath: false };
  const role = (side: "writer" | "reader", slot: number): ContentionRole => ({
    side,
    slot,
    writers: params.writers,
    readers: params.readers,
    bytes: params.bytes,
    minSeconds: params.duration,
  });
  const argv = (config: ContentionConfig, name: string, cpu: number | null) =>
    pinned([settings.deno, ...ENDPOINT_FLAGS, entry, JSON.stringify(config), name], cpu ?? undefined);
  return [
    ...cpus.writers.map((cpu, i) =>
      argv(
        {
          ...writerConfig(params, settings.warmupBytes),
          ...common,
          cpu,
          contention: { ...role("writer", i), side: "writer" },
        },
        nameOf(params, "writer", i),
        cpu,
      )
    ),
    ...cpus.readers.map((cpu, j) =>
      argv(
        {
          ...readerConfig(params, settings.warmupBytes),
          ...common,
          cpu,
          contention: { ...role("reader", params.writers + j), side: "reader" },
        },
        nameOf(params, "reader", j),
        cpu,
      )
    ),
  ];
}

/** The default time limit of a contention run: the pair's, plus every endpoint's warm-up and start. */
export function contentionTimeoutSeconds(params: CaseParams, warmupBytes: number): number {
  const endpoints = params.writers + params.readers;
  const slowestBytesPerSecond = 50 * 1024 * 1024;
  return 30 + 2 * endpoints + params.duration * 2 + (params.bytes + endpoints * warmupBytes) / slowestBytesPerSecond;
}

/** Runs a contention case once. */
export async function runContention(params: CaseParams, options: ContentionOptions): Promise<RunOutcome> {
  const problem = cpuProblem(params.cpus);
  if (problem !== null) return failed("runner", problem);
  const cpus = contentionCpus(params, allowedCpus());
  const argvs = endpointArgvs(params, options.settings, cpus);
  const startedAt = performance.now();
  const pipe = createPipe();
  let page: SharedPage;
  try {
    // The writers do not size the pipe here (they would race each other): the runner does, once.
    if (params.pipeSize !== null && params.writer !== "vmsplice") setPipeSize(pipe.writeFd, params.pipeSize);
    page = createSharedPage("pipespeed-start-line");
  } catch (error) {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
    return failed("runner", `pipeSize: ${(error as Error).message}`);
  }
  let children: Child[];
  try {
    const stdio = (side: "writer" | "reader"): ("ignore" | "pipe" | number)[] =>
      side === "writer" ? ["ignore", pipe.writeFd, "pipe"] : [pipe.readFd, "pipe", "pipe"];
    children = spawnEndpoints(
      argvs.map((argv, k) => {
        const side = k < params.writers ? "writer" : "reader";
        const io = stdio(side);
        io[START_LINE_FD] = page.fd;
        return { side, argv, stdio: io };
      }),
      externalEnv(params, options.settings.warmupBytes),
    );
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
    closeSharedPageFd(page);
  }
  options.onSpawn?.(children.map((child) => child.process.pid));
  const waits = new Waits();
  const deadline = startedAt + options.timeoutSeconds * 1000;
  let outcome: RunOutcome;
  let left: string[];
  try {
    const results = await measure(params, children, new StartLine(page.cells), { ...options, waits, deadline });
    outcome = "ok" in results
      ? results
      : contentionSample(results, cpus, params.bytes, (performance.now() - startedAt) / 1000);
  } finally {
    waits.release();
    left = await endRun(children);
    page.unmap();
  }
  if (left.length === 0) return outcome;
  const note = left.join("; ");
  return outcome.ok
    ? { ...outcome, warning: note }
    : { ok: false, failure: { ...outcome.failure, reason: `${outcome.failure.reason}; ${note}` } };
}

interface Watch extends ContentionOptions {
  waits: Waits;
  deadline: number;
}

/** Starts the clock once all are warmed up, waits for every exit, and reads every result. */
async function measure(
  params: CaseParams,
  children: Child[],
  line: StartLine,
  watch: Watch,
): Promise<EndpointResults | RunOutcome> {
  const name = (k: number) =>
    k < params.writers ? nameOf(params, "writer", k) : nameOf(params, "reader", k - params.writers);
  // Until every endpoint is ready: a failure, the time limit or the abort ends the run first.
  while (line.readyCount(children.length) < children.length) {
    const ended = await endedEarly(children, watch, name, POLL_MS);
    if (ended !== null) return ended;
  }
  line.publishStart(monotonicSeconds() + START_AHEAD_SECONDS);
  while (children.some((child) => child.exit === null)) {
    const ended = await endedEarly(children, watch, name, Math.max(0, watch.deadline - performance.now()));
    if (ended !== null) return ended;
  }
  const results: EndpointResults = { writers: [], readers: [] };
  for (const [k, child] of children.entries()) {
    const result = parseContentionResult(child.stderr, child.side);
    if (typeof result === "string") return failed(child.side, `${name(k)}: ${result}`);
    results[child.side === "writer" ? "writers" : "readers"].push(result);
  }
  return results;
}

/**
 * Waits up to `ms` for an endpoint to exit; returns the run's failure if one failed (all then
 * killed), if the time limit passed or the run was interrupted, or `null` to go on.
 */
async function endedEarly(
  children: Child[],
  watch: Watch,
  name: (k: number) => string,
  ms: number,
): Promise<RunOutcome | null> {
  const running = children.filter((child) => child.exit === null);
  const first = await Promise.race([
    ...running.map((child) => child.exited.then(() => "exit" as const)),
    watch.waits.delay(Math.min(ms, Math.max(0, watch.deadline - performance.now())), watch.signal),
    watch.waits.aborted(watch.signal),
  ]);
  if (first === "aborted" || watch.signal?.aborted) {
    await killAndReap(children);
    return failed("runner", "interrupted");
  }
  const failing = children.findIndex((child) => child.exit !== null && !succeeded(child));
  if (failing >= 0) {
    const child = children[failing];
    await killAndReap(children);
    return failed(child.side, `${name(failing)} ${describeExit(child)} (every other endpoint stopped)`);
  }
  if (performance.now() >= watch.deadline) {
    await killAndReap(children);
    const waiting = children.map((child, k) => `${name(k)}: ${describeExit(child)}`).join("; ");
    return failed(
      "runner",
      `timed out after ${watch.timeoutSeconds.toFixed(0)} s with no result (all killed); ${waiting}`,
    );
  }
  return null;
}
