/**
 * Taking turns: two processes (or two groups of them) run at the same time and share the
 * machine by passing a token through two pipes. The one holding the token times a block while
 * the other waits for the token, asleep; comparing each block with the other side's blocks just
 * before and after it cancels drift — on a shared VM, identical runs a second apart differ by up
 * to 25%, and blocks a few milliseconds apart do not. `bench:calls` (one process per side, one
 * CPU) and `bench:native --turns` (a writer and a reader per side, bench/turns/pair.ts) are built
 * on this ring of two; the `turns` schedule of `pipespeed run` (bench/_turns.ts) hands the token
 * to any number of pairs from the runner instead, with the same reader (bench/turns/reader.ts).
 *
 * The timing process of each side reads the token on fd 3 and passes it on through fd 4, prints
 * `ready` once warmed up, and ends with a JSON line holding `blocks` (one number per block).
 *
 * @module
 */
import { spawn, type StdioOptions } from "node:child_process";
import { libc } from "../../ffi/libc.ts";
import { closeFd, createPipe } from "../../ffi/pipe.ts";

/** A started side: resolves `ready` after its warm-up, `result` with its last JSON line. */
export interface TurnChild<T> {
  /** Resolves once the child printed `ready` (or died). */
  ready: Promise<void>;
  /** The child's last line, parsed, once it exited with status 0. */
  result: Promise<T>;
}

/** Starts `argv` with `stdio` and follows its `ready` line and result. */
export function startTurnChild<T extends { blocks?: unknown }>(argv: string[], stdio: StdioOptions): TurnChild<T> {
  const child = spawn(argv[0], argv.slice(1), { stdio });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.on("data", (data: Uint8Array) => {
    stdout += new TextDecoder().decode(data);
    if (stdout.startsWith("ready\n")) markReady();
  });
  child.stderr!.on("data", (data: Uint8Array) => (stderr += new TextDecoder().decode(data)));
  const result = new Promise<T>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code: number | null, signal: string | null) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      try {
        if (code !== 0) throw new Error(signal ?? `exit code ${code}`);
        const parsed = JSON.parse(line) as T;
        if (!Array.isArray(parsed.blocks)) throw new Error(`no blocks in ${line}`);
        resolve(parsed);
      } catch (error) {
        reject(new Error(`${argv.slice(0, 4).join(" ")}: ${(error as Error).message} ${stderr.trim()}`));
      }
    });
  });
  // A child that dies before its warm-up ends must not leave `ready` hanging.
  result.catch(() => markReady());
  return { ready, result };
}

/** Starts one side, given the descriptors its timing process must get as fds 3 (token in) and 4 (out). */
export type TurnStarter<T> = (tokenIn: number, tokenOut: number) => TurnChild<T>;

/**
 * Starts both sides, waits until both are warmed up, hands the token to `first`, and returns both
 * results once both are done.
 */
export async function takeTurns<T>(first: TurnStarter<T>, second: TurnStarter<T>): Promise<[T, T]> {
  const toFirst = createPipe();
  const toSecond = createPipe();
  try {
    const a = first(toFirst.readFd, toSecond.writeFd);
    const b = second(toSecond.readFd, toFirst.writeFd);
    await Promise.all([a.ready, b.ready]);
    const { write } = libc();
    if (write(toFirst.writeFd, Deno.UnsafePointer.of(new Uint8Array([1])), 1n) !== 1) throw new Error("token: write");
    return await Promise.all([a.result, b.result]);
  } finally {
    for (const fd of [toFirst.readFd, toFirst.writeFd, toSecond.readFd, toSecond.writeFd]) closeFd(fd);
  }
}

/**
 * Each block of the side that went second against the mean of the first side's blocks just before
 * and after it (the first side's block `i` and `i + 1`): `[second[i], (first[i] + first[i + 1]) / 2]`
 * pairs. A linear drift cancels in each pair.
 */
export function sandwich(first: readonly number[], second: readonly number[]): { own: number[]; around: number[] } {
  const own: number[] = [];
  const around: number[] = [];
  const count = Math.min(first.length, second.length);
  for (let i = 0; i + 1 < count; i++) {
    own.push(second[i]);
    around.push((first[i] + first[i + 1]) / 2);
  }
  return { own, around };
}
