/**
 * The A/B session's schedule and bookkeeping, driven by a fake run function that records which
 * version ran each case: the interleaving (each round holds every case once per version, the two
 * back to back, in both orders), each side's endpoints, each side's results.json, interruption.
 * The real processes are in cli_test.ts.
 */
import { abPlan, type AbSide, runAb } from "../../bench/ab/session.ts";
import { readResultsFile } from "../../bench/results.ts";
import type { RunFunction } from "../../bench/runner.ts";
import type { Case, Results } from "../../model/types.ts";
import { assert, assertEquals } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const MiB = 1024 * 1024;

function fixture(): Results {
  return JSON.parse(Deno.readTextFileSync(FIXTURE));
}

function cases(repetitions = 4, warmup = 1): Case[] {
  return fixture().cases.slice(0, 3).map(({ id, name, scenario, params }, i) => ({
    id,
    name,
    scenario,
    params: { ...params, bytes: (i + 1) * MiB, repetitions, warmup },
  }));
}

Deno.test("abPlan: every round holds each case once per version, the two back to back, in both orders", () => {
  const plan = cases(6, 1);
  const { slots, runs } = abPlan({ base: plan.map((c) => ({ ...c })), head: plan }, 11);
  const measured = runs.filter((r) => !r.warmup);
  assertEquals(measured.length, 3 * 2 * 6);
  assertEquals(runs.length, 3 * 2 * 7);
  const orders = new Set<string>();
  for (let round = 0; round < 6; round++) {
    const inRound = measured.filter((r) => r.repetition === round).map((r) => slots[r.caseIndex]);
    assertEquals(inRound.length, 6, `round ${round}`);
    for (let i = 0; i < inRound.length; i += 2) {
      // A block: the same case, one run per version.
      assertEquals(inRound[i].caseIndex, inRound[i + 1].caseIndex, `round ${round} block ${i / 2}`);
      assertEquals(new Set([inRound[i].side, inRound[i + 1].side]).size, 2);
      orders.add(inRound[i].side);
    }
    assertEquals(new Set(inRound.map((s) => `${s.caseIndex}${s.side}`)).size, 6);
  }
  assertEquals([...orders].sort(), ["base", "head"], "the base runs first in some blocks and second in others");
  // Warm-up rounds come first.
  assert(runs.slice(0, 6).every((r) => r.warmup));
});

Deno.test("abPlan refuses sides with different case lists", () => {
  let message = "";
  try {
    abPlan({ base: cases().slice(0, 2), head: cases() }, 1);
  } catch (error) {
    message = (error as Error).message;
  }
  assertEquals(message, "both versions must run the same cases");
});

/** A fake run that records each call's endpoint folder and returns a throughput from it. */
function recorder(calls: { endpointDir: string | undefined; bytes: number }[]): RunFunction {
  const sample = fixture().cases[0].samples[0];
  return (params, options) => {
    calls.push({ endpointDir: options.endpointDir, bytes: params.bytes });
    const gib = options.endpointDir === "/base/endpoints" ? 1 : 2;
    return Promise.resolve({ ok: true, sample: { ...sample, bytes: params.bytes, gibPerSecond: gib } });
  };
}

function sides(dir: string, plan: Case[]): Record<"base" | "head", AbSide> {
  return {
    base: {
      cases: plan.map((c) => ({ ...c })),
      runOptions: { endpointDir: "/base/endpoints" },
      outDir: `${dir}/base`,
      runId: "r-base",
    },
    head: { cases: plan, runOptions: {}, outDir: `${dir}/head`, runId: "r-head" },
  };
}

Deno.test("runAb: each side runs its own endpoints and gets its own results.json, samples on one time line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-ab-session-" });
  const calls: { endpointDir: string | undefined; bytes: number }[] = [];
  const f = fixture();
  const results = await runAb({
    sides: sides(dir, cases(4, 1)),
    scenarios: f.scenarios,
    seed: 5,
    options: { quick: false, filter: null },
    system: f.system,
    loadAverageNow: () => [0.1, 0.2, 0.3],
    run: recorder(calls),
  });
  assertEquals(calls.length, 3 * 2 * 5);
  assertEquals(calls.filter((c) => c.endpointDir === "/base/endpoints").length, 15);
  for (const side of ["base", "head"] as const) {
    const onDisk = await readResultsFile(`${dir}/${side}/results.json`);
    assertEquals(onDisk.runId, `r-${side}`);
    assertEquals(onDisk.interrupted, false);
    assertEquals(onDisk.system.loadAverage.end, [0.1, 0.2, 0.3]);
    assertEquals(onDisk.cases.map((c) => c.samples.length), [4, 4, 4]);
    assertEquals(onDisk.cases.every((c) => c.samples.every((s) => s.gibPerSecond === (side === "base" ? 1 : 2))), true);
    assertEquals(results[side].cases[0].stats?.throughputGibPerSecond.median, side === "base" ? 1 : 2);
  }
  // Run indexes are positions in the one interleaved plan: the two sides' never collide.
  const runsOf = (side: "base" | "head") => results[side].cases.flatMap((c) => c.samples.map((s) => s.run));
  const all = [...runsOf("base"), ...runsOf("head")];
  assertEquals(new Set(all).size, all.length);
});

Deno.test("runAb: aborted, it stops after the current run and writes both sides, marked interrupted", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-ab-session-" });
  const controller = new AbortController();
  const calls: { endpointDir: string | undefined; bytes: number }[] = [];
  const record = recorder(calls);
  const f = fixture();
  await runAb({
    sides: sides(dir, cases(4, 0)),
    scenarios: f.scenarios,
    seed: 5,
    options: { quick: false, filter: null },
    system: f.system,
    signal: controller.signal,
    run: (params, options) => {
      if (calls.length === 4) controller.abort();
      return record(params, options);
    },
  });
  assertEquals(calls.length, 5);
  const counts = await Promise.all(["base", "head"].map(async (side) => {
    const results = await readResultsFile(`${dir}/${side}/results.json`);
    assertEquals(results.interrupted, true);
    return results.cases.reduce((n, c) => n + c.samples.length, 0);
  }));
  assertEquals(counts[0] + counts[1], 4, "the run under way when aborted is not recorded");
});
