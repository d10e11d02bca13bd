import { PROTOCOL_VERSION } from "../../bench/endpoint/protocol.ts";
/**
 * `pipespeed ab` end to end through the real CLI: real versions (a git worktree of HEAD, a copy of
 * this checkout with its writer slowed by one patched line), real processes and pipes, tiny plans.
 * Wide thresholds: the suite runs on loaded machines, and these tests check the machinery (which
 * endpoints run, what is written, what is left behind), not the false-alarm rate at the default
 * threshold (docs/ab.md: a measurement on a quiet machine).
 */
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const CLI_FLAGS = ["run", "--allow-ffi", "--allow-run", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"];
const TMP = Deno.env.get("TMPDIR") ?? "/tmp";

/** Two cases: one through write(2)'s loop (what the slowed copy patches), one through vmsplice's (untouched). */
const TINY = `name: tiny
defaults: { bufferSize: 256KiB, bytes: 16MiB, duration: 0, repetitions: 5, warmup: 0 }
cases:
  - { name: write_read, writer: write, reader: read }
  - { name: vmsplice_splice, writer: vmsplice, reader: splice }
`;

function cli(args: string[]): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: [...CLI_FLAGS, `${ROOT}/cli.ts`, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

async function runCli(args: string[]) {
  const { code, stdout, stderr } = await cli(args).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

async function scenario(text = TINY): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-ab-test-" });
  await Deno.writeTextFile(`${dir}/tiny.yaml`, text);
  return `${dir}/tiny.yaml`;
}

interface Verdicts {
  slower: string[];
  base: { label: string; commit: string | null };
  head: { label: string; commit: string | null };
  cases: { id: string; verdict: string; ratio: number; reason: string | null }[];
}

function verdicts(out: string): Verdicts {
  return JSON.parse(Deno.readTextFileSync(`${out}/verdicts.json`));
}

/** What `ab` may leave behind: git's worktrees and temporary folders named pipespeed-ab-<side>-. */
function leftovers(): string[] {
  const { stdout } = new Deno.Command("git", { args: ["-C", ROOT, "worktree", "list", "--porcelain"], stdout: "piped" })
    .outputSync();
  const worktrees = new TextDecoder().decode(stdout).split("\n").filter((line) =>
    /pipespeed-ab-(base|head)-/.test(line)
  );
  const folders = [...Deno.readDirSync(TMP)].map((e) => e.name).filter((name) =>
    /^pipespeed-ab-(base|head)-/.test(name)
  );
  return [...worktrees, ...folders];
}

/**
 * A copy of this checkout as it is on disk (tracked files, tests aside), with `patch` applied to
 * one file: another version, in a folder.
 */
async function copyCheckout(patch?: { file: string; from: string; to: string }): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-ab-copy-" });
  const { stdout } = await new Deno.Command("git", { args: ["-C", ROOT, "ls-files", "-z"], stdout: "piped" }).output();
  for (const file of new TextDecoder().decode(stdout).split("\0")) {
    if (file === "" || file.startsWith("tests/")) continue;
    try {
      const text = await Deno.readFile(`${ROOT}/${file}`);
      await Deno.mkdir(`${dir}/${file.slice(0, file.lastIndexOf("/") + 1)}`, { recursive: true });
      await Deno.writeFile(`${dir}/${file}`, text);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // deleted in the working tree
    }
  }
  if (patch !== undefined) {
    const path = `${dir}/${patch.file}`;
    const text = await Deno.readTextFile(path);
    assert(text.split(patch.from).length === 2, `the patch's anchor occurs once in ${patch.file}`);
    await Deno.writeTextFile(path, text.replace(patch.from, patch.to));
  }
  return dir;
}

/** The line of write(2)'s loop before each call, in ffi/transfer.ts. */
const WRITE_CALL = "const r = offset === 0\n            ? call(NR, fd, start, length)";

Deno.test("ab: a writer slowed by 5 ms per write(2) call is reported slower; the vmsplice case is not", async () => {
  const slowed = await copyCheckout({
    file: "ffi/transfer.ts",
    from: WRITE_CALL,
    // The regression under test: a real sleep in the writer's loop, before every write(2).
    to: `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);\n          ${WRITE_CALL}`,
  });
  const out = `${await Deno.makeTempDir({ prefix: "pipespeed-ab-out-" })}/ab`;
  const { code, stdout, stderr } = await runCli([
    "ab",
    "--base",
    ROOT,
    "--head",
    slowed,
    await scenario(),
    "--out",
    out,
    "--threshold",
    "60%",
    "--fail-on-regression",
    "--no-images",
  ]);
  assertEquals(code, 1, `exit code (a regression); stderr: ${stderr}`);
  const judged = verdicts(out);
  const byId = new Map(judged.cases.map((c) => [c.id, c]));
  assertEquals(byId.get("tiny/write_read")?.verdict, "slower", stdout);
  assert(byId.get("tiny/vmsplice_splice")?.verdict !== "slower", stdout);
  assertEquals(judged.slower, ["tiny/write_read"]);
  assertIncludes(stderr, "1 case(s) slower: tiny/write_read");
  assertIncludes(judged.head.label, "folder ");
  for (const file of ["compare.md", "compare.html", "step-summary.md", "base/results.json", "head/results.json"]) {
    assert((await Deno.stat(`${out}/${file}`)).isFile, file);
  }
  assertIncludes(await Deno.readTextFile(`${out}/compare.md`), "write\\_read");
  assertIncludes(stdout, "write_read");
  await Deno.remove(slowed, { recursive: true });
});

Deno.test("ab --base HEAD (A/A): no slower case, and the worktree is gone afterwards", async () => {
  const before = leftovers();
  const out = `${await Deno.makeTempDir({ prefix: "pipespeed-ab-out-" })}/aa`;
  const { code, stdout, stderr } = await runCli([
    "ab",
    "--base",
    "HEAD",
    await scenario(),
    "--filter",
    "write_read",
    "--out",
    out,
    "--threshold",
    "50%",
    "--fail-on-regression",
    "--no-images",
  ]);
  assertEquals(code, 0, `exit code; stdout: ${stdout}; stderr: ${stderr}`);
  const judged = verdicts(out);
  assertEquals(judged.slower, []);
  assertEquals(judged.cases.length, 1);
  assertIncludes(judged.base.label, "HEAD ");
  assertIncludes(judged.head.label, "working tree");
  const head = new TextDecoder().decode(
    new Deno.Command("git", { args: ["-C", ROOT, "rev-parse", "HEAD"], stdout: "piped" }).outputSync().stdout,
  ).trim();
  assertEquals(judged.base.commit, head);
  const base: Results = JSON.parse(await Deno.readTextFile(`${out}/base/results.json`));
  assertEquals(base.cases[0].samples.length, 5);
  assertEquals(leftovers(), before, "no worktree or temporary folder left");
});

/** Starts `ab --base HEAD` on a long plan, sends `signal` once the first run finished, and returns how it ended. */
async function interrupted(signal: Deno.Signal): Promise<{ code: number; out: string; stderr: string }> {
  const out = `${await Deno.makeTempDir({ prefix: "pipespeed-ab-out-" })}/stopped`;
  const file = await scenario(TINY.replace("repetitions: 5", "repetitions: 200"));
  const child = cli(["ab", "--base", "HEAD", file, "--out", out, "--no-images"]).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  const deadline = Date.now() + 60_000;
  while (!stderr.includes("[1/") && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    stderr += value;
  }
  assert(leftovers().length > 0, "the worktree exists while the session runs");
  child.kill(signal);
  const rest = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      stderr += value;
    }
  })();
  const [{ code }] = await Promise.all([child.status, rest, child.stdout.cancel()]);
  return { code, out, stderr };
}

for (const [signal, expected] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test(`ab stopped by ${signal}: exit ${expected}, both sides written as interrupted, nothing left behind`, async () => {
    const before = leftovers();
    const { code, out, stderr } = await interrupted(signal);
    assertEquals(code, expected, stderr);
    for (const side of ["base", "head"]) {
      const results: Results = JSON.parse(await Deno.readTextFile(`${out}/${side}/results.json`));
      assertEquals(results.interrupted, true, side);
    }
    assertEquals(leftovers(), before, "no worktree or temporary folder left");
  });
}

Deno.test("ab refuses a version whose endpoint protocol differs (exit 2), and removes the worktree made before", async () => {
  const before = leftovers();
  const newer = await copyCheckout({
    file: "bench/endpoint/protocol.ts",
    from: `export const PROTOCOL_VERSION = ${PROTOCOL_VERSION};`,
    to: "export const PROTOCOL_VERSION = 99;",
  });
  const out = `${await Deno.makeTempDir({ prefix: "pipespeed-ab-out-" })}/refused`;
  const { code, stderr } = await runCli(["ab", "--base", "HEAD", "--head", newer, await scenario(), "--out", out]);
  assertEquals(code, 2, stderr);
  assertIncludes(
    stderr,
    `--head ${newer}: its endpoints speak protocol version 99, this runner speaks ${PROTOCOL_VERSION}`,
  );
  assert(!stderr.includes("    at "), "no stack trace");
  assertEquals(leftovers(), before, "the base's worktree was removed");
  await Deno.remove(newer, { recursive: true });
});

Deno.test("ab usage errors: no base, a base that is neither folder nor commit, a base writer with nothing to replace", async () => {
  const file = await scenario();
  const cases: [string[], string][] = [
    [["ab", file], "ab needs a base"],
    [["ab", "--base", "no-such-ref-xyz", file], "--base no-such-ref-xyz: neither a folder nor a commit"],
    [["ab", "--base-writer", "yes", file], "--base-writer: no case has an external writer"],
    [["ab", "--base", "/", file], "--base /: / is not a pipespeed checkout"],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await runCli([...args, "--out", `${await Deno.makeTempDir()}/x`]);
    assertEquals(code, 2, `${args.join(" ")}: ${stderr}`);
    assertIncludes(stderr, message);
  }
});

Deno.test("ab --base-writer: the base runs its own command, and the commands are what is compared", async () => {
  const file = await scenario(`name: ext
defaults: { bytes: 8MiB, duration: 0, repetitions: 4, warmup: 0, reader: read }
cases:
  - { name: zero, writer: { command: [cat, /dev/zero] } }
`);
  const out = `${await Deno.makeTempDir({ prefix: "pipespeed-ab-out-" })}/ext`;
  const { code, stderr } = await runCli(["ab", "--base-writer", "yes", file, "--out", out, "--no-images"]);
  assertEquals(code, 0, stderr);
  const base: Results = JSON.parse(await Deno.readTextFile(`${out}/base/results.json`));
  const head: Results = JSON.parse(await Deno.readTextFile(`${out}/head/results.json`));
  assertEquals(base.cases[0].params.writer, { command: ["yes"] });
  assertEquals(head.cases[0].params.writer, { command: ["cat", "/dev/zero"] });
  assertEquals(base.cases[0].samples.length, 4);
  const judged = verdicts(out);
  assert(judged.cases[0].verdict !== "incomparable", JSON.stringify(judged.cases[0]));
  assertIncludes(judged.base.label, "writer: yes");
});
