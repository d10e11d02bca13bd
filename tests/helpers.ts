/** Shared test helpers: real processes and descriptors, no mocks. */
import { libc } from "../ffi/libc.ts";
import { readWholeFile } from "../ffi/memory.ts";
import { findProgram } from "../bench/runner.ts";

/** Asserts a condition with a message. */
export function assert(condition: unknown, message = "assertion failed"): asserts condition {
  if (!condition) throw new Error(message);
}

/** Asserts strict equality, showing both values. */
export function assertEquals<T>(actual: T, expected: T, message = ""): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  const clip = (text: string) => text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  if (a !== e) throw new Error(`${message ? message + ": " : ""}expected ${clip(e)}, got ${clip(a)}`);
}

/** Asserts that `text` contains `fragment`. */
export function assertIncludes(text: string, fragment: string, message = ""): void {
  if (!text.includes(fragment)) {
    throw new Error(
      `${message ? message + ": " : ""}expected ${JSON.stringify(text)} to include ${JSON.stringify(fragment)}`,
    );
  }
}

/** The descriptors open in this process (probed with fcntl(F_GETFD), no /proc needed). */
export function openFds(limit = 4096): number[] {
  const { fcntl } = libc();
  const fds: number[] = [];
  for (let fd = 0; fd < limit; fd++) if (fcntl(fd, 1, /* F_GETFD */ 0) >= 0) fds.push(fd);
  return fds;
}

/** Whether any process is left in the process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  try {
    Deno.kill(-pgid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/** Whether a process with this pid exists (and is not a zombie we reaped). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readWholeFile(`/proc/${pid}/stat`);
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** True in CI, where tests must run instead of skipping. */
export const inCi = Deno.env.get("CI") === "true";

/** Skips (returns true and prints why) when `missing` is set, except in CI where it throws. */
export function skipUnless(available: boolean, reason: string): boolean {
  if (available) return false;
  if (inCi) throw new Error(`required in CI but unavailable: ${reason}`);
  console.log(`  skipped: ${reason}`);
  return true;
}

/** The message `parse(args)` throws, or "" when it accepts them. */
export function problemWith<A>(parse: (args: A) => unknown, args: A): string {
  try {
    parse(args);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Builds native/pipe-endpoint.c with `cc` into a temporary folder, runs `use` with the
 * binary, and removes the folder. Without `cc` the test is skipped (with the reason; not in CI).
 */
export async function withNativeEndpoint(use: (binary: string) => Promise<void>): Promise<void> {
  const cc = findProgram("cc");
  if (skipUnless(cc !== null, "no C compiler (cc) to build native/pipe-endpoint.c")) return;
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-native-" });
  try {
    const binary = `${dir}/pipe-endpoint`;
    const source = new URL("../native/pipe-endpoint.c", import.meta.url).pathname;
    const built = await new Deno.Command(cc!, { args: ["-O2", "-o", binary, source] }).output();
    assert(built.success, new TextDecoder().decode(built.stderr));
    await use(binary);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
