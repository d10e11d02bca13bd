/**
 * The wake-up probe: the round trip of one byte between two processes pinned to the two CPUs of
 * the cases, on two pipes, both blocking in `read` — two wake-ups per round trip, what
 * `perf bench sched pipe` measures (and what a blocking writer and reader pay when the pipe is
 * full or empty). Both ends are Deno processes making the hot loops' calls (`_pingpong.ts`).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { closeFd, createPipe } from "../../ffi/pipe.ts";
import type { Calibration } from "../../model/calibration-schema.ts";
import { ENDPOINT_FLAGS } from "../runner.ts";
import type { PingPongConfig, PingResult } from "./_pingpong.ts";

const SCRIPT = new URL("./_pingpong.ts", import.meta.url).pathname;
/** Round trips per batch. */
const ROUNDS = 2_000;
/** Measured batches (one more warms up). */
const BATCHES = 5;
/** The probe gives up after this long (a child that never started, a CPU that is not allowed). */
const TIMEOUT_MS = 20_000;

interface Ended {
  code: number | null;
  stderr: string;
}

function start(config: PingPongConfig, stdio: [number, number]) {
  const child = spawn(Deno.execPath(), [...ENDPOINT_FLAGS, SCRIPT, JSON.stringify(config)], {
    stdio: [stdio[0], stdio[1], "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => stderr = (stderr + text).slice(-4096));
  const ended = new Promise<Ended>((resolve) => {
    child.on("error", (error) => resolve({ code: null, stderr: error.message }));
    child.on("close", (code) => resolve({ code, stderr }));
  });
  return { child, ended };
}

/**
 * Measures the wake-up round trip between `cpus.writer` and `cpus.reader` (unpinned when `null`):
 * seconds per round trip, the fastest of {@link BATCHES} batches of {@link ROUNDS}, after one
 * warm-up batch. Never throws: a probe that could not run has a `null` value and its `reason`.
 */
export async function wakeupRoundTrip(
  cpus: { writer: number; reader: number } | null,
): Promise<Calibration["wakeupRoundTripSeconds"]> {
  const where = cpus === null ? "unpinned" : `pinned to CPUs ${cpus.writer} and ${cpus.reader}`;
  const method = `1-byte ping-pong on two pipes between two processes ${where}, both blocking in read(2), ` +
    `${ROUNDS} round trips per batch; the fastest of ${BATCHES} batches after a warm-up batch, per round trip ` +
    `(as perf bench sched pipe counts one operation)`;
  let there: ReturnType<typeof createPipe>;
  let back: ReturnType<typeof createPipe>;
  try {
    there = createPipe();
    back = createPipe();
  } catch (error) {
    return { value: null, method, reason: `no pipe: ${error instanceof Error ? error.message : error}` };
  }
  const common = { rounds: ROUNDS, batches: BATCHES };
  const ping = start({ role: "ping", cpu: cpus?.writer ?? null, ...common }, [back.readFd, there.writeFd]);
  const pong = start({ role: "pong", cpu: cpus?.reader ?? null, ...common }, [there.readFd, back.writeFd]);
  for (const fd of [there.readFd, there.writeFd, back.readFd, back.writeFd]) closeFd(fd);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), TIMEOUT_MS));
  try {
    const ended = await Promise.race([Promise.all([ping.ended, pong.ended]), timeout]);
    if (ended === "timeout") return { value: null, method, reason: `no result after ${TIMEOUT_MS / 1000} s` };
    const [pinged, ponged] = ended;
    if (pinged.code !== 0 || ponged.code !== 0) {
      const why = [pinged, ponged].map((e) => e.stderr.trim()).filter(Boolean).join(" | ");
      return { value: null, method, reason: `the ping-pong failed: ${why || `exit ${pinged.code}/${ponged.code}`}` };
    }
    const line = pinged.stderr.trim().split("\n").at(-1) ?? "";
    const result = JSON.parse(line) as PingResult;
    return { value: result.roundTripSeconds, method };
  } catch (error) {
    return { value: null, method, reason: `unreadable result: ${error instanceof Error ? error.message : error}` };
  } finally {
    clearTimeout(timer);
    for (const side of [ping, pong]) if (side.child.exitCode === null) side.child.kill("SIGKILL");
  }
}
