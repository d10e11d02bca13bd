/**
 * What the reliability tests share: the real CLI as a subprocess, a tiny real run whose journal
 * the tests copy and corrupt, and a small tmpfs for the full-disk tests.
 */
import { inCi } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI_FLAGS = ["run", "--allow-ffi", "--allow-run", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"];

/** The output of one CLI invocation. */
export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cli.ts args` (NO_COLOR, not a terminal) to its end. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutput> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...CLI_FLAGS, `${ROOT}cli.ts`, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** A scenario of one small case (4 MiB per run, no warm-up run) with `repetitions` runs. */
export function tinyScenario(dir: string, repetitions = 2, extra = ""): string {
  const path = `${dir}/tiny.yaml`;
  Deno.writeTextFileSync(
    path,
    `name: tiny\ncases:\n  - name: wr\n    writer: write\n    reader: read\n    bytes: 4MiB\n` +
      `    repetitions: ${repetitions}\n    warmup: 0\n${extra}`,
  );
  return path;
}

let tinyJournalText: Promise<string> | null = null;

/** The journal.ndjson of one real, finished run of {@link tinyScenario} (2 runs), made once. */
export function tinyJournal(): Promise<string> {
  tinyJournalText ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "pipespeed-rel-journal-" });
    const out = `${dir}/run`;
    const run = await runCli(["run", tinyScenario(dir), "--out", out, "--no-report", "--no-images", "-q"]);
    if (run.code !== 0) throw new Error(`the tiny run failed: ${run.stderr}`);
    const text = Deno.readTextFileSync(`${out}/journal.ndjson`);
    await Deno.remove(dir, { recursive: true });
    return text;
  })();
  return tinyJournalText;
}

/** A fresh folder holding `journal` as its journal.ndjson (and nothing else). */
export async function folderWithJournal(journal: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-rel-" });
  Deno.writeTextFileSync(`${dir}/journal.ndjson`, journal);
  return dir;
}

/** The journal's lines, parsed (the empty last one dropped). */
export function journalLines(text: string): Record<string, unknown>[] {
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

/** Lines back to a journal's text. */
export function journalText(lines: unknown[]): string {
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}

/** No stack trace in a CLI's stderr, and the error on one line. */
export function oneLineError(stderr: string): boolean {
  const errors = stderr.split("\n").filter((line) => line.startsWith("error:"));
  return errors.length === 1 && !/^\s+at /m.test(stderr);
}

/**
 * Mounts a tmpfs of `size` at a new folder for `use`, then unmounts it. Skips (returns false)
 * with a printed reason when mounting is not possible (not root, no CAP_SYS_ADMIN), but under
 * CI=true fails instead: CI must run the full-disk tests.
 */
export async function withTmpfs(size: string, use: (dir: string) => Promise<void>): Promise<boolean> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-rel-tmpfs-" });
  const mount = await new Deno.Command("mount", { args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir] })
    .output().catch((error) => ({ success: false, stderr: new TextEncoder().encode(String(error)) }));
  if (!mount.success) {
    await Deno.remove(dir);
    const reason = `cannot mount a tmpfs (${new TextDecoder().decode(mount.stderr).trim()}): needs root`;
    if (inCi) throw new Error(`${reason}; CI must run the full-disk tests`);
    console.log(`skipped: ${reason}`);
    return false;
  }
  try {
    await use(dir);
  } finally {
    await new Deno.Command("umount", { args: [dir] }).output();
    await Deno.remove(dir);
  }
  return true;
}

/** Fills the file system of `dir` to the last byte (a file `filler` there). */
export function fillUp(dir: string): void {
  const file = Deno.openSync(`${dir}/filler`, { create: true, write: true });
  const block = new Uint8Array(64 * 1024);
  try {
    for (let size = block.length; size >= 1; size = Math.floor(size / 2)) {
      const chunk = block.subarray(0, size);
      try {
        while (true) file.writeSync(chunk);
      } catch {
        // Full at this size: try smaller ones, down to a byte.
      }
    }
  } finally {
    file.close();
  }
}
