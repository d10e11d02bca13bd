/**
 * The session's scheduling — plan order, resuming, Ctrl-C, failures — driven by a fake run
 * function with deterministic outcomes. These test the bookkeeping, not the kernel: the real
 * processes are tested in runner_test.ts and tests/cli/e2e_test.ts.
 */
import { JOURNAL_FILE, parseJournal } from "../../bench/journal.ts";
import { type PlannedRun, plannedRuns, planRuns, remainingRuns } from "../../bench/plan.ts";
import { readResultsFile } from "../../bench/results.ts";
import type { RunFunction, RunOutcome } from "../../bench/runner.ts";
import { resumeSession, runSession, type SessionOptions } from "../../bench/session.ts";
import type { Case, CaseParams, Results } from "../../model/types.ts";
import { RESULTS_SCHEMA_URL } from "../../model/results-schema.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const MiB = 1024 * 1024;

/** Three cases with distinct sizes (the fake run tells them apart by `bytes`). */
function cases(): Case[] {
  const fixture: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  return fixture.cases.slice(0, 3).map(({ id, name, scenario, params }, i) => ({
    id,
    name,
    scenario,
    params: { ...params, bytes: (i + 1) * MiB, repetitions: 3 + i, warmup: i === 1 ? 0 : 1 },
  }));
}

function sessionOptions(outDir: string, overrides: Partial<SessionOptions> = {}): SessionOptions {
  const fixture: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  return {
    cases: cases(),
    scenarios: fixture.scenarios,
    outDir,
    runId: "fake-run",
    seed: 7,
    options: { quick: false, filter: null },
    system: fixture.system,
    loadAverageNow: () => [0.5, 0.4, 0.3],
    ...overrides,
  };
}

/** A sample whose throughput says which call of the fake it came from. */
function sampleOutcome(params: CaseParams, call: number): RunOutcome {
  const fixture: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  const { reader, writer } = fixture.cases[0].samples[0];
  return {
    ok: true,
    sample: {
      bytes: params.bytes,
      seconds: 1,
      gibPerSecond: 1 + call / 100,
      warmupBytes: MiB,
      pipeSize: 65536,
      wallSeconds: 1.1,
      reader,
      writer,
    },
  };
}

/** A fake run function: records each call's case (by size) and answers with `outcome`. */
function fakeRun(
  outcome: (params: CaseParams, call: number, signal?: AbortSignal) => RunOutcome = sampleOutcome,
): { run: RunFunction; calls: number[] } {
  const calls: number[] = [];
  const run: RunFunction = (params, options) => {
    calls.push(params.bytes / MiB - 1);
    return Promise.resolve(outcome(params, calls.length, options.signal));
  };
  return { run, calls };
}

const journalOf = (dir: string) => parseJournal(Deno.readTextFileSync(`${dir}/${JOURNAL_FILE}`));

Deno.test("a session runs every planned run once, in plan order, and journals the measured ones", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-session-" });
  const { run, calls } = fakeRun();
  const started: PlannedRun[] = [];
  const results = await runSession(
    sessionOptions(outDir, { run, events: { runStarting: (planned) => started.push(planned) } }),
  );
  const plan = planRuns(cases(), 7);
  assertEquals(calls, plan.map((planned) => planned.caseIndex), "the fake saw the plan's order");
  assertEquals(started, plan);
  assertEquals(results.cases.map((c) => c.samples.length), [3, 4, 5]);
  for (const [i, c] of results.cases.entries()) {
    assertEquals(c.samples.map((s) => s.repetition).sort(), [...Array(3 + i).keys()]);
    assert(c.samples.every((s) => s.bytes === (i + 1) * MiB), "each sample in its own case");
    assert(c.stats !== null, "statistics computed");
  }
  assert(!results.interrupted && results.finishedAt !== null, "finished");
  assertEquals(results.system.loadAverage.end, [0.5, 0.4, 0.3]);
  const journal = journalOf(outDir);
  assertEquals(journal.plan.runs, plan.map((p) => [p.caseIndex, p.repetition, p.warmup]));
  assertEquals(journal.entries.map((e) => e.type), [...Array(12).fill("sample"), "end"]);
  const { $schema, ...written } = await readResultsFile(`${outDir}/results.json`);
  assertEquals(written, results, "results.json is what was returned, after its $schema");
  assertEquals($schema, RESULTS_SCHEMA_URL);
});

Deno.test("a session refuses a folder that already holds a journal", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-session-" });
  Deno.writeTextFileSync(`${outDir}/${JOURNAL_FILE}`, "");
  let message = "";
  try {
    await runSession(sessionOptions(outDir, { run: fakeRun().run }));
  } catch (error) {
    message = (error as Error).message;
  }
  assertIncludes(message, "already holds a run (journal.ndjson)");
});

Deno.test("an abort mid-plan writes what completed and marks the results interrupted", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-session-" });
  const controller = new AbortController();
  const stopAt = 6; // the 6th run is interrupted (killed): its outcome is not recorded
  const { run, calls } = fakeRun((params, call, signal) => {
    assert(signal === controller.signal, "the run gets the session's signal");
    if (call === stopAt) {
      controller.abort();
      return { ok: false, failure: { side: "runner", reason: "interrupted" } };
    }
    return sampleOutcome(params, call);
  });
  const results = await runSession(sessionOptions(outDir, { run, signal: controller.signal }));
  assertEquals(calls.length, stopAt, "nothing runs after the abort");
  const plan = planRuns(cases(), 7);
  const completed = plan.slice(0, stopAt - 1).filter((planned) => !planned.warmup);
  assertEquals(results.cases.reduce((n, c) => n + c.samples.length, 0), completed.length);
  assertEquals(results.cases.reduce((n, c) => n + c.failures.length, 0), 0, "the killed run is no failure");
  assert(results.interrupted, "interrupted");
  const journal = journalOf(outDir);
  const end = journal.entries.at(-1);
  assert(end?.type === "end" && end.interrupted, "the end line says interrupted");
  assertEquals((await readResultsFile(`${outDir}/results.json`)).interrupted, true);
});

Deno.test("resuming after an interruption runs exactly the missing runs, with their cases' warm-ups", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-session-" });
  const controller = new AbortController();
  const first = fakeRun((params, call) => {
    if (call === 8) controller.abort();
    return sampleOutcome(params, call);
  });
  await runSession(sessionOptions(outDir, { run: first.run, signal: controller.signal }));
  // A crash while writing the next line: the torn fragment must not stop the resume.
  Deno.writeTextFileSync(`${outDir}/${JOURNAL_FILE}`, '{"type":"sample","caseId":"blo', { append: true });

  const plan = planRuns(cases(), 7);
  const done = new Set(
    journalOf(outDir).entries.flatMap((e) => e.type === "sample" ? [e.sample.run] : []),
  );
  const expected = remainingRuns(plan, done);
  const second = fakeRun();
  const started: PlannedRun[] = [];
  const results = await resumeSession({
    outDir,
    run: second.run,
    events: { runStarting: (planned) => started.push(planned) },
  });
  assertEquals(started, expected, "the remaining runs, in plan order");
  assertEquals(second.calls, expected.map((planned) => planned.caseIndex));
  assertEquals(results.cases.map((c) => c.samples.length), [3, 4, 5], "every measured run once");
  for (const c of results.cases) {
    assertEquals(new Set(c.samples.map((s) => s.run)).size, c.samples.length, `${c.id}: no run twice`);
  }
  assert(!results.interrupted, "finished");
  const rebuilt = journalOf(outDir);
  assertEquals(rebuilt.wholeLength, Deno.readTextFileSync(`${outDir}/${JOURNAL_FILE}`).length, "no torn line left");
  assertEquals(rebuilt.entries.at(-1)?.type, "end");
});

Deno.test("the remaining runs: measured runs not done, and the warm-ups of cases still pending", () => {
  const plan = plannedRuns([[0, 0, true], [1, 0, true], [0, 0, false], [1, 0, false], [0, 1, false], [1, 1, false]]);
  assertEquals(remainingRuns(plan, new Set()), plan);
  assertEquals(remainingRuns(plan, new Set([2, 4])).map((r) => r.index), [1, 3, 5], "case 0 is done: no warm-up");
  assertEquals(remainingRuns(plan, new Set([2, 3])).map((r) => r.index), [0, 1, 4, 5]);
  assertEquals(remainingRuns(plan, new Set([2, 3, 4, 5])), []);
});

Deno.test("failed runs are recorded with their run index, and the plan goes on", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-session-" });
  const { run, calls } = fakeRun((params, call) =>
    params.bytes === 2 * MiB
      ? { ok: false, failure: { side: "writer", reason: "writer exited with code 3" } }
      : sampleOutcome(params, call)
  );
  const results = await runSession(sessionOptions(outDir, { run }));
  const plan = planRuns(cases(), 7);
  assertEquals(calls.length, plan.length, "every run executed");
  const [good, broken, other] = results.cases;
  assertEquals(broken.samples, []);
  assertEquals(broken.failures.map((f) => f.side), ["writer", "writer", "writer", "writer"]);
  assertEquals(
    broken.failures.map((f) => f.run).sort((a, b) => a - b),
    plan.filter((p) => p.caseIndex === 1 && !p.warmup).map((p) => p.index),
  );
  assertEquals([good.samples.length, other.samples.length], [3, 5]);
  assertIncludes(broken.warnings.join("\n"), "4 failed run(s)");
  assertIncludes(results.warnings.join("\n"), "failed runs: 4");
  const failures = journalOf(outDir).entries.filter((e) => e.type === "failure");
  assertEquals(failures.length, 4, "failures are journaled");
});
