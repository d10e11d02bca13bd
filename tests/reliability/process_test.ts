/**
 * No process of a run outlives it: daemonizing endpoints, hung endpoints, and a runner that is
 * killed (SIGKILL) or told to stop (SIGTERM, SIGHUP). Real processes, real signals, through the
 * real CLI where the runner itself is the target.
 *
 * Every process a test starts carries `PIPESPEED_TEST_PROC=<tag>` in its environment (the runner
 * passes its environment on to the endpoints, and they to their daemons), so the tests find them
 * whatever their session or parent, and kill them in `finally` even when an assertion failed.
 */
import { runOnce } from "../../bench/runner.ts";
import { processTable } from "../../bench/_reap.ts";
import { listPids, readProcFile } from "../../ffi/proc.ts";
import type { CaseParams, Results } from "../../model/types.ts";
import { CASE_DEFAULTS } from "../../scenario/scenario.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI_FLAGS = ["run", "--allow-ffi", "--allow-run", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"];
const MiB = 1024 * 1024;
const TAG_VARIABLE = "PIPESPEED_TEST_PROC";

/** A writer that leaves a daemon in a session of its own, then writes forever. */
const DAEMON_WRITER = ["sh", "-c", "setsid sleep 100000 & exec yes"];

/** Live processes (zombies left out) whose environment carries `tag`. */
function tagged(tag: string): number[] {
  const mark = `${TAG_VARIABLE}=${tag}`;
  return listPids().filter((pid) => {
    const stat = readProcFile(`/proc/${pid}/stat`);
    if (stat === null || /^[ZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3))) return false;
    return (readProcFile(`/proc/${pid}/environ`, 1 << 20) ?? "").split("\0").includes(mark);
  });
}

/** Sessions and process groups of the run's processes now (to check later that none is left). */
function groupsOf(tag: string): Set<number> {
  const pids = new Set(tagged(tag));
  const table = processTable();
  const groups = new Set<number>();
  for (const p of table) {
    if (pids.has(p.pid)) groups.add(p.sid).add(p.pgid);
  }
  // The runner shares this test's session and group: those hold the test itself, not the run.
  const self = table.find((p) => p.pid === Deno.pid);
  if (self !== undefined) [self.sid, self.pgid].forEach((group) => groups.delete(group));
  return groups;
}

/** Live processes in any of `groups` (as session or process group), or descended from `pids`. */
function stillInGroups(groups: Set<number>, pids: Set<number>): number[] {
  const table = processTable();
  const found = new Set(table.filter((p) => groups.has(p.sid) || groups.has(p.pgid)).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table) {
      if (!found.has(p.pid) && (found.has(p.ppid) || pids.has(p.ppid))) grew = Boolean(found.add(p.pid));
    }
  }
  return [...found].filter((pid) => pid !== Deno.pid);
}

/** SIGKILLs every tagged process (the cleanup of a test, pass or fail). */
function killTagged(tag: string): void {
  for (const pid of tagged(tag)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/** Waits until `done()` holds or `ms` passed; whether it held. */
async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** A scenario file with one case, in a fresh folder; returns the file and an output folder. */
function scenario(writer: string[] | string, reader: string[] | string, extra = ""): { file: string; out: string } {
  const dir = Deno.makeTempDirSync({ prefix: "pipespeed-proc-" });
  const side = (endpoint: string[] | string) =>
    typeof endpoint === "string" ? endpoint : `{ command: ${JSON.stringify(endpoint)} }`;
  Deno.writeTextFileSync(
    `${dir}/s.yaml`,
    `name: proc\ncases:\n  - name: c\n    writer: ${side(writer)}\n    reader: ${side(reader)}\n` +
      `    duration: 0\n    repetitions: 1\n    warmup: 0\n${extra}`,
  );
  return { file: `${dir}/s.yaml`, out: `${dir}/out` };
}

/** A runner started by a test: its process and its output, collected once. */
interface Runner {
  pid: number;
  child: Deno.ChildProcess;
  output: Promise<Deno.CommandOutput>;
}

/** Starts the CLI's `run` with `tag` in its environment. */
function startRunner(tag: string, args: string[]): Runner {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...CLI_FLAGS, `${ROOT}cli.ts`, "run", "--no-images", "--seed", "1", ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", [TAG_VARIABLE]: tag },
  }).spawn();
  return { pid: child.pid, child, output: child.output() };
}

/** The runner's exit and output, or `null` when it has not exited within `ms` (then it is killed). */
async function finished(runner: Runner, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = await Promise.race([
    runner.output,
    new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), ms)),
  ]);
  clearTimeout(timer);
  if (ended === null) {
    try {
      runner.child.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
    await runner.output;
    return null;
  }
  const decoder = new TextDecoder();
  return { code: ended.code, stdout: decoder.decode(ended.stdout), stderr: decoder.decode(ended.stderr) };
}

/** Runs `body` with a fresh tag, then kills whatever still carries it. */
async function withTag(body: (tag: string) => Promise<void>): Promise<void> {
  const tag = crypto.randomUUID();
  try {
    await body(tag);
  } finally {
    killTagged(tag);
  }
}

Deno.test("a writer that leaves a daemon: the run ends, the daemon is killed and reported", async () => {
  await withTag(async (tag) => {
    const { file, out } = scenario(DAEMON_WRITER, "read", "    bytes: 4MiB\n");
    const started = Date.now();
    const ended = await finished(startRunner(tag, [file, "--out", out, "--timeout", "5"]), 20_000);
    assert(ended !== null, "the runner finished (it hung on the daemon's stderr before)");
    assertEquals(ended.code, 0, ended.stderr);
    assert(Date.now() - started < 15_000, `within the timeout plus 5 s and startup (${Date.now() - started} ms)`);
    assertIncludes(ended.stderr, "left processes running");
    assert(await waitUntil(() => tagged(tag).length === 0, 1_000), `left running: ${tagged(tag)}`);
  });
});

Deno.test("without a PID namespace (session containment): a daemon is found through /proc, killed, reported", async () => {
  await withTag(async (tag) => {
    const params: CaseParams = {
      ...CASE_DEFAULTS,
      writer: { command: ["env", `${TAG_VARIABLE}=${tag}`, ...DAEMON_WRITER] },
      reader: "read",
      bytes: 4 * MiB,
      duration: 0,
      repetitions: 1,
      warmup: 0,
      bufferOffset: 0,
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      runOnce(params, { warmupBytes: MiB, timeoutSeconds: 5, containment: "session" }),
      new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), 15_000)),
    ]);
    clearTimeout(timer);
    assert(outcome !== null, "the run ended");
    assert(outcome.ok, JSON.stringify(outcome));
    assertIncludes(outcome.warning ?? "", "sleep (pid");
    assertEquals(tagged(tag), [], "nothing left running");
  });
});

Deno.test("a hung external reader with a daemon: the timeout bounds the run, nothing is left", async () => {
  await withTag(async (tag) => {
    const reader = ["sh", "-c", "setsid sleep 100000 & exec sleep 100000"];
    const { file, out } = scenario("write", reader, "    bytes: 4MiB\n");
    const started = Date.now();
    const ended = await finished(startRunner(tag, [file, "--out", out, "--timeout", "3"]), 20_000);
    assert(ended !== null, "the runner finished");
    assertEquals(ended.code, 1, ended.stderr);
    assertIncludes(ended.stderr, "timed out after 3 s");
    assert(Date.now() - started < 3_000 + 5_000 + 3_000, `within the timeout plus 5 s (${Date.now() - started} ms)`);
    assert(await waitUntil(() => tagged(tag).length === 0, 1_000), `left running: ${tagged(tag)}`);
  });
});

/** External endpoints that run until stopped, each leaving a daemon. */
function endlessRun(): { file: string; out: string } {
  return scenario(DAEMON_WRITER, ["sh", "-c", "setsid sleep 100000 & exec cat >/dev/null"], "    bytes: 100GiB\n");
}

/** Waits until the run's endpoints and both daemons are up; returns their sessions and groups. */
async function runUnderWay(tag: string, runner: Runner): Promise<Set<number>> {
  // yes, cat, two daemons (plus wrappers): at least four processes besides the runner.
  const up = await waitUntil(() => tagged(tag).filter((pid) => pid !== runner.pid).length >= 4, 20_000);
  assert(up, `the run's processes are seen while it runs (${tagged(tag).length})`);
  return groupsOf(tag);
}

/** Checks within `ms` that no process of the run is left, by tag, session, group and parent. */
async function assertNothingLeft(tag: string, groups: Set<number>, runnerPid: number, ms: number) {
  const gone = await waitUntil(
    () => tagged(tag).length === 0 && stillInGroups(groups, new Set([runnerPid])).length === 0,
    ms,
  );
  assert(gone, `left running: tagged ${tagged(tag)}, by group/parent ${stillInGroups(groups, new Set([runnerPid]))}`);
}

Deno.test("SIGKILL of the runner: its external endpoints and their daemons die with it", async () => {
  await withTag(async (tag) => {
    const { file, out } = endlessRun();
    const runner = startRunner(tag, [file, "--out", out, "--timeout", "60"]);
    try {
      const groups = await runUnderWay(tag, runner);
      runner.child.kill("SIGKILL");
      await runner.output;
      await assertNothingLeft(tag, groups, runner.pid, 5_000);
    } finally {
      await finished(runner, 1);
    }
  });
});

for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129]] as const) {
  Deno.test(`${signal} of the runner: like Ctrl-C, results and report written, exit ${code}, nothing left`, async () => {
    await withTag(async (tag) => {
      const { file, out } = endlessRun();
      const runner = startRunner(tag, [file, "--out", out, "--timeout", "60"]);
      const groups = await runUnderWay(tag, runner).catch(async (error) => {
        await finished(runner, 1);
        throw error;
      });
      runner.child.kill(signal);
      const ended = await finished(runner, 15_000);
      assert(ended !== null, "the runner finished");
      assertEquals(ended.code, code, ended.stderr);
      const messages = ended.stderr.split("\n").filter((line) => line.includes(`${signal} received`));
      assertEquals(messages.length, 1, `one line about ${signal}: ${ended.stderr}`);
      const results: Results = JSON.parse(Deno.readTextFileSync(`${out}/results.json`));
      assert(results.interrupted, "marked interrupted");
      assert(Deno.statSync(`${out}/report.html`).size > 0, "report written");
      await assertNothingLeft(tag, groups, runner.pid, 5_000);
    });
  });
}
