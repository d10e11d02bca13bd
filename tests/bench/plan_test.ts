import { planRuns, QUICK_BYTES, quickCase } from "../../bench/plan.ts";
import type { Case, CaseParams } from "../../model/types.ts";
import { assert, assertEquals } from "../helpers.ts";

function fakeCase(id: string, repetitions: number, warmup: number): Case {
  return {
    id,
    name: id,
    scenario: "s",
    params: { repetitions, warmup, bytes: 1 << 30, duration: 1 } as CaseParams,
  };
}

const cases = [fakeCase("s/a", 5, 1), fakeCase("s/b", 5, 1), fakeCase("s/c", 3, 0), fakeCase("s/d", 5, 2)];

Deno.test("the plan holds every warm-up and measured run, warm-ups first", () => {
  const runs = planRuns(cases, 1);
  assertEquals(runs.length, 5 + 1 + 5 + 1 + 3 + 0 + 5 + 2);
  assertEquals(runs.map((r) => r.index), runs.map((_, i) => i));
  const firstMeasured = runs.findIndex((r) => !r.warmup);
  assert(runs.slice(0, firstMeasured).every((r) => r.warmup) && runs.slice(firstMeasured).every((r) => !r.warmup));
  for (const [i, c] of cases.entries()) {
    const mine = runs.filter((r) => r.caseIndex === i);
    assertEquals(mine.filter((r) => r.warmup).length, c.params.warmup, `${c.id} warm-ups`);
    assertEquals(mine.filter((r) => !r.warmup).map((r) => r.repetition), [...Array(c.params.repetitions).keys()]);
  }
});

Deno.test("measured runs are interleaved in rounds: no case runs twice before the others ran once", () => {
  const measured = planRuns(cases, 7).filter((r) => !r.warmup);
  for (let round = 0; round < 3; round++) {
    const slice = measured.slice(round * 4, round * 4 + 4).map((r) => r.caseIndex).sort();
    assertEquals(slice, [0, 1, 2, 3], `round ${round}`);
  }
});

Deno.test("the order is shuffled, reproducible from the seed, and differs between seeds", () => {
  const order = (seed: number) => planRuns(cases, seed).map((r) => r.caseIndex).join(",");
  assertEquals(order(42), order(42));
  const orders = new Set([1, 2, 3, 4, 5, 6].map(order));
  assert(orders.size > 1, "different seeds give different orders");
});

Deno.test("quick mode: 64 MiB, one repetition, no warm-up run, no minimum duration", () => {
  const quick = quickCase(cases[0]);
  assertEquals(quick.params.bytes, QUICK_BYTES);
  assertEquals([quick.params.repetitions, quick.params.warmup, quick.params.duration], [1, 0, 0]);
  assertEquals(cases[0].params.repetitions, 5, "the original is untouched");
});

Deno.test("with blocks, cases sharing a block run back to back in every round, in shuffled order", () => {
  const pairs = ["x", "y", "z"].flatMap((k) => [fakeCase(`s/${k}-deno`, 4, 1), fakeCase(`s/${k}-c`, 4, 1)]);
  const blockOf = (c: Case) => c.id.replace(/-(deno|c)$/, "");
  const runs = planRuns(pairs, 3, blockOf);
  assertEquals(runs.length, 6 * 5);
  for (let at = 0; at < runs.length; at += 2) {
    const [a, b] = [pairs[runs[at].caseIndex], pairs[runs[at + 1].caseIndex]];
    assertEquals(blockOf(a), blockOf(b), `runs ${at} and ${at + 1} are a pair`);
    assertEquals(runs[at].repetition, runs[at + 1].repetition);
  }
  const firsts = (seed: number) =>
    planRuns(pairs, seed, blockOf).filter((_, i) => i % 2 === 0).map((r) => pairs[r.caseIndex].id).join();
  assert(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(firsts)).size > 1, "block order and order inside blocks vary");
  assert(
    [1, 2, 3, 4, 5, 6, 7, 8].some((seed) => firsts(seed).includes("-c")),
    "either member of a pair may go first",
  );
});
