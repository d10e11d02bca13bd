/**
 * The schedules in the session — `turns` rounds as sessions, resuming a turns run, precision as a
 * target — driven by fake run and turns functions (the real sessions of turns: turns_test.ts).
 */
import { JOURNAL_FILE, parseJournal } from "../../bench/journal.ts";
import { planRuns } from "../../bench/plan.ts";
import { precisionNotes } from "../../bench/precision.ts";
import type { RunFunction, RunOutcome } from "../../bench/runner.ts";
import { scheduleNotes, scheduleSteps, type TurnsFunction } from "../../bench/schedule.ts";
import { resumeSession, runSession, type SessionOptions } from "../../bench/session.ts";
import type { Case, CaseParams, Results } from "../../model/types.ts";
import { paramDifferences } from "../../stats/judge.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const fixture = (): Results => JSON.parse(Deno.readTextFileSync(FIXTURE));
const MiB = 1024 * 1024;

/** Four cases told apart by `bytes`: three take turns, the last has an external writer. */
function cases(params: Partial<CaseParams> = {}): Case[] {
  return fixture().cases.slice(0, 4).map(({ id, name, scenario, params: own }, i) => ({
    id,
    name,
    scenario,
    params: {
      ...own,
      bytes: (i + 1) * MiB,
      repetitions: 3,
      warmup: 1,
      schedule: "turns",
      ...(i === 3 ? { writer: { command: ["cat", "/dev/zero"] } } : {}),
      ...params,
    },
  }));
}

function options(outDir: string, more: Partial<SessionOptions>): SessionOptions {
  const f = fixture();
  return {
    cases: cases(),
    scenarios: f.scenarios,
    outDir,
    runId: "fake",
    seed: 3,
    options: { quick: false, filter: null },
    system: f.system,
    ...more,
  };
}

function sample(params: CaseParams, gibPerSecond: number): RunOutcome {
  const { reader, writer } = fixture().cases[0].samples[0];
  return {
    ok: true,
    sample: {
      bytes: params.bytes,
      seconds: params.bytes / gibPerSecond / 1024 ** 3,
      gibPerSecond,
      warmupBytes: MiB,
      pipeSize: 65536,
      wallSeconds: 1,
      reader,
      writer,
    },
  };
}

/** Fakes that record what ran: runs by case (bytes), sessions as lists of cases. */
function fakes(value: (params: CaseParams, call: number) => number = () => 5) {
  const runs: number[] = [];
  const sessions: number[][] = [];
  let call = 0;
  const run: RunFunction = (params) => {
    runs.push(params.bytes / MiB - 1);
    return Promise.resolve(sample(params, value(params, ++call)));
  };
  const turns: TurnsFunction = (members) => {
    sessions.push(members.map((m) => m.params.bytes / MiB - 1));
    return Promise.resolve(new Map(members.map((m) => [m.key, sample(m.params, value(m.params, ++call))])));
  };
  return { run, turns, runs, sessions };
}

Deno.test("turns: each round is one session of the cases that take turns, in the round's order; external ones run alone", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-turns-" });
  const f = fakes();
  const results = await runSession(options(outDir, { run: f.run, turns: f.turns }));
  const plan = planRuns(cases(), 3);
  const rounds = [0, 1, 2, 3].map((r) =>
    plan.filter((p) => (r === 0 ? p.warmup : !p.warmup && p.repetition === r - 1) && p.caseIndex !== 3)
      .map((p) => p.caseIndex)
  );
  assertEquals(f.sessions, rounds, "a warm-up session, then one session per repetition");
  assertEquals(f.runs, [3, 3, 3, 3], "the external case: its warm-up and three runs, alone");
  for (const c of results.cases) assertEquals(c.samples.map((s) => s.repetition).sort(), [0, 1, 2]);
  assertEquals(scheduleNotes(cases()).length, 1);
  assertIncludes(scheduleNotes(cases())[0], "cannot take turns");
  assertEquals(scheduleSteps(plan, cases()).filter((s) => s.turns).length, 4);
});

Deno.test("turns: an interrupted session journals nothing of itself, and resuming runs it again whole", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-turns-" });
  const controller = new AbortController();
  const first = fakes();
  const interrupting: TurnsFunction = async (members, runOptions) => {
    if (first.sessions.length === 2) controller.abort(); // during the second measured session
    return await first.turns(members, runOptions);
  };
  const interrupted = await runSession(
    options(outDir, { run: first.run, turns: interrupting, signal: controller.signal }),
  );
  assert(interrupted.interrupted);
  const journaled = parseJournal(Deno.readTextFileSync(`${outDir}/${JOURNAL_FILE}`)).entries;
  const turnsSamples = journaled.flatMap((e) => e.type === "sample" && e.caseId !== cases()[3].id ? [e.sample] : []);
  assertEquals(turnsSamples.map((s) => s.repetition), [0, 0, 0], "the first measured session, not the second");
  const second = fakes();
  const resumed = await resumeSession({ outDir, run: second.run, turns: second.turns });
  assertEquals(second.sessions.length, 3, "the warm-up session again, then the two sessions not journaled");
  assert(!resumed.interrupted);
  for (const c of resumed.cases) assertEquals(c.samples.map((s) => s.repetition).sort(), [0, 1, 2]);
});

Deno.test("precision: rounds are added until each case's interval is within the target; maxTime stops them", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  // Case 1 alternates 4.0 and 6.0 GiB/s (never precise), the others are steady within 0.1%.
  const value = (params: CaseParams, call: number) =>
    params.bytes === 2 * MiB ? (call % 2 === 0 ? 4 : 6) : 5 + (call % 3) * 0.001;
  const f = fakes(value);
  const results = await runSession(options(outDir, {
    cases: cases({ schedule: "runs", precision: 0.02, maxTime: 1 }),
    run: f.run,
    turns: f.turns,
  }));
  const counts = results.cases.map((c) => c.samples.length);
  assert(counts[1] > 3, `the noisy case got more repetitions (${counts})`);
  assertEquals(counts[0], counts[1], "the first case joins every added round (ratios pair by repetition)");
  const repetitions = (i: number) => results.cases[i].samples.map((s) => s.repetition).sort((a, b) => a - b);
  assertEquals(repetitions(0), repetitions(1));
  // 3 planned, then 3 added: 6 values make the first 95% interval (a range of 3 to 5 is not one).
  assert(counts.slice(2).every((n) => n === 6), `the steady cases stopped once precise (${counts})`);
  assertEquals(results.cases[1].precision?.reached, false);
  assert(results.cases[2].precision?.reached === true, JSON.stringify(results.cases[2].precision));
  assertEquals(precisionNotes(results).length, 1);
  assertIncludes(precisionNotes(results)[0], "precision ±2% not reached");
  const runs = results.cases.flatMap((c) => c.samples.map((s) => s.run));
  assertEquals(new Set(runs).size, runs.length, "every added run has its own index");
});

Deno.test("compare: precision and maxTime decide how many runs, not what a run measures; schedule differs", () => {
  const [base] = cases({ schedule: "runs" });
  const current = { ...base.params, precision: 0.02, maxTime: 60 };
  assertEquals(paramDifferences(base.params, current), []);
  assertEquals(paramDifferences(base.params, { ...current, schedule: "turns" }).map((d) => d.field), ["schedule"]);
});

Deno.test("turns: a socket sink's consumer thread cannot take turns; the case is measured in runs, with a note", () => {
  const socket = cases().map((c, i) =>
    i === 0 ? { ...c, params: { ...c.params, reader: "splice", sink: "socket" } } : c
  ) as Case[];
  const plan = planRuns(socket, 3);
  const alone = scheduleSteps(plan, socket).filter((s) => !s.turns).map((s) => s.runs[0].caseIndex);
  assertEquals(alone.filter((index) => index === 0).length, 4, "its warm-up and three runs, each on its own");
  assertIncludes(scheduleNotes(socket)[0], "a socket sink's consumer cannot take turns; measured in independent runs");
});

/** Fakes whose sessions take `ms` of wall time each (one sample per case, never precise enough). */
function slowFakes(ms: number) {
  const f = fakes((_params, call) => (call % 2 === 0 ? 4 : 6));
  const turns: TurnsFunction = async (members, runOptions) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return await f.turns(members, runOptions);
  };
  return { ...f, turns };
}

Deno.test("precision: maxTime is a budget, no round is added that would end after it", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  // Three cases in turns, 200 ms a session: the warm-up session and three planned ones take 0.8 s,
  // then sessions are added at 1.0 and 1.2 s; one starting at 1.4 s would end at 1.6 s, past 1.5 s.
  const f = slowFakes(200);
  const start = performance.now();
  await runSession(options(outDir, {
    cases: cases({ precision: 0.0001, maxTime: 1.5 }).slice(0, 3),
    run: f.run,
    turns: f.turns,
  }));
  const seconds = (performance.now() - start) / 1000;
  assert(f.sessions.length > 4, `rounds were added (${f.sessions.length} sessions)`);
  assert(seconds <= 1.5 + 0.05, `the session ended within maxTime: ${seconds.toFixed(3)} s`);
});

Deno.test("precision: the budget counts from budgetStartedAt (run's start), not the session's", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  const f = slowFakes(100);
  // 1.2 s of the 1.5 s budget already spent (calibration, say): the planned 0.4 s leave no room.
  await runSession(options(outDir, {
    cases: cases({ precision: 0.0001, maxTime: 1.5 }).slice(0, 3),
    run: f.run,
    turns: f.turns,
    budgetStartedAt: performance.now() - 1200,
  }));
  assertEquals(f.sessions.length, 4, "the warm-up session and the three planned ones, nothing added");
});

Deno.test("precision: the first case, the others' reference, adds no round for its own median", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  // Every session moves all cases alike (4 or 6 GiB/s: medians never within 2%), their ratios stay within 0.2%.
  const f = fakes();
  let session = 0;
  const turns: TurnsFunction = (members) => {
    session++;
    f.sessions.push(members.map((m) => m.params.bytes / MiB - 1));
    return Promise.resolve(
      new Map(
        members.map((m, i) => [m.key, sample(m.params, (session % 2 ? 4 : 6) * (1 + 0.001 * ((session + i) % 3)))]),
      ),
    );
  };
  const results = await runSession(options(outDir, {
    cases: cases({ precision: 0.02, maxTime: 5 }).slice(0, 3),
    run: f.run,
    turns,
  }));
  assertEquals(
    f.sessions.length,
    7,
    "the warm-up session, the three planned ones and three more: the ratios are precise once they have a 95% interval",
  );
  assertEquals(results.cases.slice(1).map((c) => c.precision?.reached), [true, true]);
  assertEquals(results.cases[0].precision?.of, "median", "the reference's own median is still judged, and said");
});

Deno.test("precision: a latency case first in its scenario is nobody's reference: the first throughput case is", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  // Case 2 alternates 4.0 and 6.0 GiB/s (never precise); the others are steady.
  const value = (params: CaseParams, call: number) =>
    params.bytes === 3 * MiB ? (call % 2 === 0 ? 4 : 6) : 5 + (call % 3) * 0.001;
  const f = fakes(value);
  const all = cases({ schedule: "runs", precision: 0.02, maxTime: 1 }).slice(0, 3);
  all[0] = { ...all[0], params: { ...all[0].params, measure: "latency", precision: null } };
  const results = await runSession(options(outDir, { cases: all, run: f.run, turns: f.turns }));
  const counts = results.cases.map((c) => c.samples.length);
  assert(counts[2] > 3, `the noisy case got more repetitions (${counts})`);
  assertEquals(counts[0], 3, `the latency case joins no added round (${counts})`);
  assertEquals(counts[1], counts[2], "the first throughput case joins every added round");
  assert(results.cases[0].stats?.ratioToFirst === undefined, "a latency case has no ratio");
  assert(results.cases[1].stats?.ratioToFirst === undefined, "the reference has no ratio of its own");
  assert(results.cases[2].stats?.ratioToFirst !== undefined, "a ratio to the first throughput case");
});

/** A latency run's figures: every figure `p50` µs but the max (fakes: the histogram is not read here). */
function latencySample(params: CaseParams, gibPerSecond: number, p50: number): RunOutcome {
  const outcome = sample(params, gibPerSecond);
  if (!outcome.ok) return outcome;
  const microseconds = { p50, p90: p50, p99: p50, p999: p50, p9999: p50, max: 2 * p50, mean: p50 };
  const histogram = { subBucketBits: 7, buckets: [], max: 0, sum: 0 };
  return {
    ok: true,
    sample: { ...outcome.sample, latency: { roundTrips: 1000, messageSize: 1, microseconds, histogram } },
  };
}

Deno.test("precision: a latency case's target is judged on its p50, not on the GiB/s of its round trips", async () => {
  for (
    const [what, gib, p50, more] of [
      ["steady p50, noisy GiB/s", (call: number) => (call % 2 === 0 ? 4 : 6), () => 20, false],
      ["noisy p50, steady GiB/s", () => 5, (call: number) => (call % 2 === 0 ? 20 : 30), true],
    ] as const
  ) {
    const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
    let call = 0;
    const run: RunFunction = (params) => {
      call++;
      return Promise.resolve(latencySample(params, gib(call), p50(call)));
    };
    const [one] = cases({ schedule: "runs", precision: 0.02, maxTime: 1 });
    const latency = { ...one, params: { ...one.params, measure: "latency" as const } };
    const results = await runSession(options(outDir, { cases: [latency], run, turns: fakes().turns }));
    const c = results.cases[0];
    assertEquals(c.precision?.of, "p50", what);
    assertEquals(c.precision?.reached, !more, what);
    assertEquals(c.samples.length > 6, more, `${what}: ${c.samples.length} samples (6: the first 95% interval)`);
    if (more) assertIncludes(precisionNotes(results)[0], "on its p50");
  }
});

Deno.test("precision: a run interrupted during its added rounds goes on with them when resumed, within what is left of maxTime", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  const three = cases({ precision: 0.0001, maxTime: 1.5 }).slice(0, 3);
  const controller = new AbortController();
  const first = slowFakes(100);
  const interrupting: TurnsFunction = async (members, runOptions) => {
    if (first.sessions.length === 6) controller.abort(); // the warm-up, 3 planned and 2 added sessions are done
    return await first.turns(members, runOptions);
  };
  const interrupted = await runSession(options(outDir, {
    cases: three,
    run: first.run,
    turns: interrupting,
    signal: controller.signal,
    budgetStartedAt: performance.now(),
  }));
  assert(interrupted.interrupted);
  const ends = () =>
    parseJournal(Deno.readTextFileSync(`${outDir}/${JOURNAL_FILE}`)).entries.flatMap((e) =>
      e.type === "end" ? [e] : []
    );
  const spent = ends()[0].budgetSeconds ?? NaN;
  assert(spent > 0.6 && spent < 1, `the end line records the budget spent: ${spent} s`);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the pause between the commands does not count
  const second = slowFakes(100);
  const start = performance.now();
  const resumed = await resumeSession({ outDir, run: second.run, turns: second.turns, budgetStartedAt: start });
  const seconds = (performance.now() - start) / 1000;
  assert(second.sessions.length >= 3, `the resumed run added sessions (${second.sessions.length})`);
  assert(spent + seconds <= 1.5 + 0.05, `both commands together stayed within maxTime: ${spent} + ${seconds} s`);
  assert(!resumed.interrupted);
  assertEquals(resumed.cases.map((c) => c.samples.length), [0, 1, 2].map(() => 5 + second.sessions.length));
  const total = ends().at(-1)?.budgetSeconds ?? NaN;
  assert(Math.abs(total - (spent + seconds)) < 0.05, `the last end line carries the whole budget spent: ${total} s`);
});

Deno.test("precision: a resumed run that had ended on its own adds no round", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pipespeed-precision-" });
  const three = cases({ precision: 0.0001, maxTime: 0.5 }).slice(0, 3);
  const first = slowFakes(100);
  await runSession(options(outDir, { cases: three, run: first.run, turns: first.turns }));
  const second = slowFakes(100);
  await resumeSession({ outDir, run: second.run, turns: second.turns });
  assertEquals(second.sessions.length, 0);
});
