/**
 * Issue 19, the data half: no lie enters results (item 3), a journal counts each run once and a
 * folder holds one process (4), resume re-checks and retries (7), and resume's smaller defects (9).
 * Real processes, real files; each test fails on the code before the fix.
 */
import { readerResult } from "../../bench/_outcome.ts";
import { resultsFromJournal } from "../../bench/results.ts";
import { runOnce } from "../../bench/runner.ts";
import { resumeSession } from "../../bench/session.ts";
import { CASE_DEFAULTS } from "../../model/params.ts";
import type { CaseParams, Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";
import {
  folderWithJournal,
  journalLines,
  journalText,
  oneLineError,
  runCli,
  tinyJournal,
  tinyScenario,
} from "./_cli.ts";

const MiB = 1024 * 1024;
const params = (over: Partial<CaseParams> = {}): CaseParams => ({
  ...CASE_DEFAULTS,
  writer: "write",
  reader: "read",
  bufferOffset: 16,
  bytes: 4 * MiB,
  duration: 0,
  repetitions: 1,
  warmup: 0,
  ...over,
});
const usage = { userSeconds: 0.1, systemSeconds: 0.2, voluntaryContextSwitches: 1, involuntaryContextSwitches: 0 };
const fullUsage = { ...usage, minorPageFaults: 3, majorPageFaults: 0 };
const claim = (over: Record<string, unknown>) =>
  JSON.stringify({
    side: "reader",
    bytes: 4 * MiB,
    seconds: 0.01,
    gibPerSecond: 0.4,
    warmupBytes: MiB,
    pipeSize: 65536,
    usage: fullUsage,
    hugePages: { requestedBytes: 0, backedBytes: 0 },
    fastPathBytes: null,
    ...over,
  });

Deno.test("a lying reader's claim fails its run with the reason: absurd throughput, fractional bytes, missing counters, more seconds than the run", () => {
  const lies: [Record<string, unknown>, string][] = [
    [{ bytes: 1e300, seconds: 1e-300 }, "bytes = 1e+300"],
    [{ bytes: 1e15, seconds: 1e-3 }, "faster than 10 TiB/s"],
    [{ bytes: 4 * MiB + 0.5 }, "bytes = 4194304.5"],
    [{ usage }, "usage.minorPageFaults missing"],
    [{ seconds: 5 }, "it measured 5 s in a run that lasted 1.000 s"],
  ];
  for (const [lie, reason] of lies) {
    const result = readerResult(`${claim(lie)}\n`, params(), 1);
    assert(typeof result === "string", `accepted: ${claim(lie)}`);
    assertIncludes(result, reason);
  }
  assert(typeof readerResult(`${claim({})}\n`, params(), 1) !== "string", "an honest claim passes");
});

Deno.test("a real external reader printing {bytes: 1e300, seconds: 1e-300} fails its run; nothing reaches a sample", async () => {
  const line = claim({ bytes: 1e300, seconds: 1e-300 }).replaceAll("'", "");
  const outcome = await runOnce(
    params({ reader: { command: ["sh", "-c", `head -c ${5 * MiB} >/dev/null; echo '${line}'`] } }),
    { warmupBytes: MiB, timeoutSeconds: 20 },
  );
  assert(!outcome.ok, JSON.stringify(outcome));
  assertEquals(outcome.failure.side, "reader");
  assertIncludes(outcome.failure.reason, "not a measurement");
});

Deno.test("journal replay counts a duplicated line once (the first), and a warning names the run", async () => {
  const lines = journalLines(await tinyJournal());
  const sample = lines.find((line) => line.type === "sample")!;
  const copy = structuredClone(sample) as { sample: { gibPerSecond: number; run: number } };
  copy.sample.gibPerSecond *= 10; // a different value: the first must win
  const end = lines.pop();
  const results = resultsFromJournal(journalText([...lines, sample, copy, end]));
  const samples = results.cases[0].samples;
  assertEquals(samples.length, 2, "2 planned runs, 2 samples");
  assertEquals(new Set(samples.map((s) => s.run)).size, 2);
  assertEquals(
    samples.find((s) => s.run === copy.sample.run)!.gibPerSecond,
    (sample as { sample: { gibPerSecond: number } }).sample.gibPerSecond,
  );
  assertIncludes(results.warnings.join("\n"), `journal: run ${copy.sample.run} journaled more than once`);
});

/** A child process that holds `dir`'s lock until killed; resolves with it once it holds it. */
async function holdLock(dir: string): Promise<Deno.ChildProcess> {
  const lockModule = new URL("../../bench/folder-lock.ts", import.meta.url).href;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `await (await import("${lockModule}")).lockFolder("${dir}"); console.log("held"); setInterval(() => {}, 1000);`,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assertIncludes(new TextDecoder().decode(value), "held");
  reader.releaseLock();
  return child;
}

Deno.test("a folder in use by a live process is refused (exit 2, naming its PID); a dead holder's lock is taken over", async () => {
  const journal = await tinyJournal();
  const dir = await folderWithJournal(journal);
  const holder = await holdLock(dir);
  try {
    const resumed = await runCli(["run", "--resume", dir, "--no-report", "--no-images"]);
    assertEquals(resumed.code, 2, resumed.stderr);
    assertIncludes(resumed.stderr, `is in use by another pipespeed process (PID ${holder.pid})`);
    assert(oneLineError(resumed.stderr), resumed.stderr);
    const fresh = await runCli(["run", tinyScenario(dir), "--out", dir, "--no-report", "--no-images"]);
    assertEquals(fresh.code, 2, fresh.stderr);
    const rebuilt = await runCli(["report", "--from-journal", dir, "--no-images"]);
    assertEquals(rebuilt.code, 2, rebuilt.stderr);
    assertEquals(Deno.readTextFileSync(`${dir}/journal.ndjson`), journal, "the journal untouched");
  } finally {
    holder.kill("SIGKILL");
    await holder.status;
    holder.stdout.cancel().catch(() => {});
  }
  // The holder is dead: its lock file (with its PID) remains, and the next process takes it over.
  assertEquals(Deno.readTextFileSync(`${dir}/.pipespeed.lock`).trim(), String(holder.pid));
  const after = await runCli(["report", "--from-journal", dir, "--no-images"]);
  assertEquals(after.code, 0, after.stderr);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resume re-validates the journal's cases on this machine, with a message located at the journal and case", async () => {
  const lines = journalLines(await tinyJournal());
  const plan = lines[0] as { cases: { id: string; params: Record<string, unknown> }[] };
  plan.cases[0].params.gift = true; // gift needs vmsplice or splice: a rule of a fresh run
  const dir = await folderWithJournal(journalText(lines.filter((line) => line.type === "plan")));
  const resumed = await runCli(["run", "--resume", dir, "--no-report", "--no-images"]);
  assertEquals(resumed.code, 2, resumed.stderr);
  assertIncludes(
    resumed.stderr,
    `${dir}/journal.ndjson: case \`${plan.cases[0].id}\`: gift: \`gift\` sets SPLICE_F_GIFT`,
  );
  assertIncludes(resumed.stderr, "nothing was run");
  assert(!resumed.stderr.includes("    at "), "no stack trace");
  assertEquals(journalLines(Deno.readTextFileSync(`${dir}/journal.ndjson`)).length, 1, "nothing was run");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resume retries a failed run (for a reason that has passed): the sample replaces the failure, exit 0", async () => {
  const lines = journalLines(await tinyJournal());
  const samples = lines.filter((line) => line.type === "sample") as { caseId: string; sample: { run: number } }[];
  const failed = {
    type: "failure",
    caseId: samples[1].caseId,
    failure: { run: samples[1].sample.run, side: "writer", reason: "writer exited with code 1: EPERM" },
  };
  const dir = await folderWithJournal(journalText([lines[0], samples[0], failed, lines.at(-1)]));
  const resumed = await runCli(["run", "--resume", dir, "--no-report", "--no-images", "-q"]);
  assertEquals(resumed.code, 0, resumed.stderr);
  const results: Results = JSON.parse(Deno.readTextFileSync(`${dir}/results.json`));
  assertEquals(results.cases[0].samples.length, 2);
  assertEquals(results.cases[0].failures, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resume progress counts this session's runs ([1/1], never [2/1]); resuming a finished run keeps finishedAt", async () => {
  const lines = journalLines(await tinyJournal());
  const samples = lines.filter((line) => line.type === "sample");
  // The first planned run is missing: only it runs, and the progress says so.
  const dir = await folderWithJournal(journalText([lines[0], samples[1]]));
  const resumed = await runCli(["run", "--resume", dir, "--no-report", "--no-images"]);
  assertEquals(resumed.code, 0, resumed.stderr);
  const counts = [...resumed.stderr.matchAll(/\[(\d+)\/(\d+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assertEquals(counts, [[1, 1]], resumed.stderr);

  const finished = await folderWithJournal(await tinyJournal());
  const before = (journalLines(await tinyJournal()).at(-1) as { finishedAt: string }).finishedAt;
  const results = await resumeSession({ outDir: finished, run: () => Promise.reject(new Error("nothing to run")) });
  assertEquals(results.finishedAt, before);
  assertEquals(Deno.readTextFileSync(`${finished}/journal.ndjson`), await tinyJournal(), "no second end line");
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(finished, { recursive: true });
});
