/**
 * The first steps of a run, before any process exists: the argv of both sides (a Deno endpoint
 * and its JSON configuration, or an external command contained by bench/_reap.ts), pinning, the environment, the time limit,
 * the checks that can fail a run without starting it, and the pipe itself.
 *
 * Private to the runner (bench/runner.ts re-exports what others use).
 *
 * @module
 */
import { allowedCpus } from "../ffi/cpu.ts";
import { TRACE_ENV } from "../ffi/fastpath.ts";
import { canExecute } from "../ffi/files.ts";
import { closeFd, createPipe, setPipeSize } from "../ffi/pipe.ts";
import type { CaseParams, Failure } from "../model/types.ts";
import { readerConfig, writerConfig } from "./endpoint/config.ts";
import { DEFAULT_WARMUP_BYTES, type ReaderConfig, type WriterConfig } from "./endpoint/protocol.ts";
import { contained, containmentKind } from "./_reap.ts";
import { isLatencyCase, isOneWayCase } from "../model/latency.ts";
import { latencyTimeoutSeconds, ONE_WAY_SCRIPT, oneWayConfig, ROUND_TRIP_SCRIPT, roundTripConfig } from "./_latency.ts";

const writerScript = new URL("./endpoint/writer.ts", import.meta.url).pathname;
const readerScript = new URL("./endpoint/reader.ts", import.meta.url).pathname;

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
  "--v8-flags=--no-maglev,--allow-natives-syntax",
  "--allow-ffi",
];

/** The argv of a Deno endpoint given its configuration (unpinned: see {@link pinned}). */
export function denoEndpointArgv(side: "writer" | "reader", config: WriterConfig | ReaderConfig): string[] {
  return [Deno.execPath(), ...ENDPOINT_FLAGS, side === "writer" ? writerScript : readerScript, JSON.stringify(config)];
}

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
  if (isLatencyCase(params)) return latencyTimeoutSeconds(params);
  const slowestBytesPerSecond = 50 * 1024 * 1024; // far below any pipe; only a hang is slower
  return 30 + params.duration * 2 + (params.bytes + warmupBytes) / slowestBytesPerSecond;
}

/** What the Deno endpoints of a run are told beyond the case (run options; tests and diagnostics). */
export interface EndpointSettings {
  /** The `deno` executable. */
  deno: string;
  /** Bytes moved before the reader's clock starts. */
  warmupBytes: number;
  /** The integrity tag of this run, or `null` when the case does not verify. */
  verifyTag: number | null;
  /** See `RunOptions.unsafeWriterReuse`. */
  unsafeWriterReuse: boolean;
  /** See `RunOptions.sinkStopAfter`. */
  sinkStopAfter?: number | null;
  /** See `RunOptions.disableTransparentHugePages`. */
  disableTransparentHugePages: boolean;
  /** See `RunOptions.traceFastPath`. */
  traceFastPath: boolean;
  /** See `RunOptions.endpointDir`. */
  endpointDir?: string;
  /** See `RunOptions.containment`. */
  containment?: "session";
}

/** A run ready to start: the (unpinned) argv of each side and their environment. */
export interface Launch {
  /** The writer's argv. */
  writer: string[];
  /** The reader's argv. */
  reader: string[];
  /** The environment of both children. */
  env: Record<string, string>;
  /** Which sides run in their own PID namespace (bench/_reap.ts): their exit status is their init's. */
  namespaced: { writer: boolean; reader: boolean };
}

/**
 * The reader's extra `deno run` flags: a sink with a consumer thread (bench/endpoint/sink.ts) needs
 * read access to the consumer's modules, the endpoint folder and `ffi/` (Deno loads a worker's
 * modules under the read permission); every other reader has FFI only.
 */
export function readerFlags(params: CaseParams, endpointDir: string | undefined): string[] {
  if (params.reader !== "splice" || (params.sink !== "socket" && !params.tee)) return [];
  const endpoint = endpointDir === undefined
    ? new URL("./endpoint/", import.meta.url)
    : new URL(`file://${endpointDir}/`);
  return [`--allow-read=${new URL(".", endpoint).pathname},${new URL("../../ffi/", endpoint).pathname}`];
}

/** A fresh integrity tag per run, so a page left over from anything else can never pass the check. */
export function newVerifyTag(params: CaseParams): number | null {
  return params.verify ? crypto.getRandomValues(new Uint32Array(1))[0] : null;
}

/** The argv of both sides: a Deno endpoint with its configuration, or the case's command. */
function endpointArgv(params: CaseParams, settings: EndpointSettings): Omit<Launch, "env"> {
  const { deno, warmupBytes, verifyTag, disableTransparentHugePages, traceFastPath } = settings;
  const dir = settings.endpointDir;
  // External commands are contained (they may fork and daemonize); Deno endpoints never fork and
  // die with the runner by themselves (PR_SET_PDEATHSIG in bench/endpoint/main.ts).
  const kind = containmentKind(settings.containment);
  if (isLatencyCase(params)) return roundTripArgv(params, settings);
  const writer = typeof params.writer === "string"
    ? [
      deno,
      ...ENDPOINT_FLAGS,
      dir === undefined ? writerScript : `${dir}/writer.ts`,
      JSON.stringify({
        ...writerConfig(params, warmupBytes, verifyTag),
        unsafeReuse: settings.unsafeWriterReuse,
        disableTransparentHugePages,
        traceFastPath,
      }),
    ]
    : contained(params.writer.command, kind);
  const reader = typeof params.reader === "string"
    ? [
      deno,
      ...ENDPOINT_FLAGS,
      ...readerFlags(params, dir),
      dir === undefined ? readerScript : `${dir}/reader.ts`,
      JSON.stringify({
        ...readerConfig(params, warmupBytes, verifyTag),
        disableTransparentHugePages,
        traceFastPath,
        ...(settings.sinkStopAfter == null ? {} : { sinkStopAfter: settings.sinkStopAfter }),
      }),
    ]
    : contained(params.reader.command, kind);
  const namespaced = kind === "pid-namespace";
  return {
    writer,
    reader,
    namespaced: {
      writer: namespaced && typeof params.writer !== "string",
      reader: namespaced && typeof params.reader !== "string",
    },
  };
}

/** Latency (issue 18): both sides run bench/endpoint/roundtrip.ts, the echo as the writer. */
function roundTripArgv(params: CaseParams, settings: EndpointSettings): Omit<Launch, "env"> {
  // A `rate` (one way, open loop): bench/endpoint/oneway.ts, the sender as the writer.
  const oneWay = isOneWayCase(params);
  const script = settings.endpointDir === undefined
    ? (oneWay ? ONE_WAY_SCRIPT : ROUND_TRIP_SCRIPT)
    : `${settings.endpointDir}/${oneWay ? "oneway.ts" : "roundtrip.ts"}`;
  const argv = (side: "writer" | "reader") => [
    settings.deno,
    ...ENDPOINT_FLAGS,
    script,
    JSON.stringify(oneWay ? oneWayConfig(params, side, settings) : roundTripConfig(params, side, settings)),
  ];
  return { writer: argv("writer"), reader: argv("reader"), namespaced: { writer: false, reader: false } };
}

/**
 * Everything a run needs before it starts, or the failure that stops it first: a CPU this process
 * may not use, an external command that is not on the PATH.
 */
export function prepareLaunch(params: CaseParams, settings: EndpointSettings): Launch | Omit<Failure, "run"> {
  const argv = endpointArgv(params, settings);
  const problem = cpuProblem(params.cpus);
  if (problem !== null) return { side: "runner", reason: problem };
  for (const side of ["writer", "reader"] as const) {
    const endpoint = params[side];
    if (typeof endpoint !== "string" && findProgram(endpoint.command[0]) === null) {
      return { side, reason: `${side} command not found: ${endpoint.command[0]}` };
    }
  }
  const env = externalEnv(params, settings.warmupBytes);
  if (settings.traceFastPath) env[TRACE_ENV] = "1";
  return { ...argv, env };
}

/** Both ends of the pipe of a run (the runner closes its copies once the children hold them). */
export interface Pipe {
  /** The read end. */
  readFd: number;
  /** The write end. */
  writeFd: number;
}

/**
 * Creates the pipe. A built-in writer sizes the pipe itself; for a program, the runner does it
 * here, before the spawn (a failure to size it fails the run, with both ends closed).
 */
export function openPipe(params: CaseParams): Pipe | Omit<Failure, "run"> {
  const pipe = createPipe();
  if (typeof params.writer !== "string" && params.pipeSize !== null) {
    try {
      setPipeSize(pipe.writeFd, params.pipeSize);
    } catch (error) {
      closeFd(pipe.readFd);
      closeFd(pipe.writeFd);
      return { side: "runner", reason: `pipeSize: ${(error as Error).message}` };
    }
  }
  return pipe;
}
