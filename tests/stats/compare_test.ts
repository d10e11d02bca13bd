import { compareResults, holmSignificant, mergeResults } from "../../stats/compare.ts";
import type { Results } from "../../model/types.ts";
import { assert, assertEquals } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const load = (): Results => JSON.parse(Deno.readTextFileSync(FIXTURE));

/** A copy of the fixture with one case's samples scaled. */
function scaled(results: Results, id: string, factor: number): Results {
  const copy = structuredClone(results);
  const c = copy.cases.find((c) => c.id === id)!;
  c.samples = c.samples.map((s) => ({ ...s, gibPerSecond: s.gibPerSecond * factor }));
  return copy;
}

Deno.test("compare: a clear 20% regression is flagged slower; noise within the threshold is not", () => {
  const base = load();
  const ids = base.cases.map((c) => c.id);
  const current = scaled(scaled(base, ids[1], 0.8), ids[2], 1.01);
  const comparison = compareResults(base, "base.json", current, "current.json", { threshold: 0.05 });
  const byId = new Map(comparison.cases.map((c) => [c.id, c]));
  assertEquals(byId.get(ids[1])!.verdict, "slower");
  assert(Math.abs(byId.get(ids[1])!.ratio - 0.8) < 1e-9, "ratio of medians");
  assert(byId.get(ids[1])!.ratioHigh < 0.95, "the CI excludes no change");
  assertEquals(byId.get(ids[2])!.verdict, "unchanged", "1% is within the 5% threshold");
  assertEquals(byId.get(ids[0])!.verdict, "unchanged", "identical samples");
  assert(byId.get(ids[0])!.pValue > 0.5, "identical samples are not significant");
  const faster = compareResults(base, "b", scaled(base, ids[3], 1.3), "c").cases.find((c) => c.id === ids[3])!;
  assertEquals(faster.verdict, "faster");
});

Deno.test("compare: a large change without significance (too few samples) is not a verdict", () => {
  const base = load();
  const id = base.cases[0].id;
  const one = (results: Results) => {
    const copy = structuredClone(results);
    copy.cases[0].samples = copy.cases[0].samples.slice(0, 1);
    return copy;
  };
  const comparison = compareResults(one(base), "b", one(scaled(base, id, 0.5)), "c");
  assertEquals(comparison.cases[0].verdict, "inconclusive");
});

Deno.test("compare: cases on one side only are listed, with the reason", () => {
  const base = load();
  const current = structuredClone(base);
  const removed = current.cases.pop()!;
  current.cases.push({ ...structuredClone(removed), id: "blog/new_case", name: "new case" });
  current.cases[0].samples = [];
  const comparison = compareResults(base, "b", current, "c");
  assertEquals(comparison.onlyInBase.map((c) => [c.id, c.reason]), [
    [base.cases[0].id, "no samples in the current run"],
    [removed.id, "not in the current run"],
  ]);
  assertEquals(comparison.onlyInCurrent.map((c) => [c.id, c.reason]), [["blog/new_case", "not in the base run"]]);
  assertEquals(comparison.cases.length, base.cases.length - 2);
});

Deno.test("merge: machines keep distinct labels; every case lines up per machine", () => {
  const a = load();
  const b = scaled(load(), a.cases[0].id, 2);
  b.system.hostname = "other-host";
  const merged = mergeResults([{ results: a, file: "a.json" }, { results: b, file: "b.json" }]);
  assertEquals(merged.machines.map((m) => m.label), [
    `${a.system.hostname} ${a.system.kernelRelease}`,
    `other-host ${a.system.kernelRelease}`,
  ]);
  assertEquals(merged.cases.length, a.cases.length);
  const first = merged.cases[0];
  assert(Math.abs(first.perMachine[1]!.median / first.perMachine[0]!.median - 2) < 1e-9);
  const same = mergeResults([{ results: a, file: "a.json" }, { results: load(), file: "a2.json" }]);
  assertEquals(new Set(same.machines.map((m) => m.label)).size, 2, "equal hosts still get distinct labels");
  const labelled = mergeResults([{ results: a, file: "a", label: "x86" }, { results: b, file: "b", label: "arm" }]);
  assertEquals(labelled.machines.map((m) => m.label), ["x86", "arm"]);
});

Deno.test("compare: sample sizes that cannot reach significance give 'inconclusive' with the reason", () => {
  const base = load();
  const three = (results: Results) => {
    const copy = structuredClone(results);
    for (const c of copy.cases) c.samples = c.samples.slice(0, 3);
    return copy;
  };
  const halved = compareResults(three(base), "b", three(scaled(base, base.cases[0].id, 0.5)), "c");
  assertEquals(halved.cases[0].verdict, "inconclusive", "3 vs 3 can never be significant");
  assertEquals(halved.cases[0].reason, "too few samples: 3 and 3; at least 4 per side are needed");
  const same = compareResults(base, "b", base, "c");
  assertEquals(same.cases.map((c) => c.verdict), same.cases.map(() => "unchanged"), "5 vs 5 can");
  assertEquals(same.cases.map((c) => c.reason), same.cases.map(() => null));
});

/** The current run as `--quick` makes it: one run of 64 MiB, no duration, no warm-up (bench/plan.ts). */
function quick(results: Results, factor: number): Results {
  const copy = scaled(results, results.cases[0].id, factor);
  for (const c of copy.cases) {
    c.samples = c.samples.slice(0, 1);
    c.params = { ...c.params, bytes: 64 * 1024 * 1024, duration: 0, repetitions: 1, warmup: 0 };
  }
  return copy;
}

Deno.test("compare: a full run against a --quick run is never 'unchanged' (issue 13, item 4)", () => {
  const base = load();
  const sameParams = scaled(base, base.cases[0].id, 0.19);
  for (const c of sameParams.cases) c.samples = c.samples.slice(0, 1);
  const one = compareResults(base, "b", sameParams, "c").cases[0];
  assert(one.ratio < 0.25, "an 81% drop");
  assertEquals(one.verdict, "inconclusive", "1 against 5 samples: p ≥ 1/3 whatever the change");
  assertEquals(one.reason, "too few samples: 5 and 1; at least 4 per side are needed");
  const full = compareResults(base, "b", quick(base, 0.19), "c").cases[0];
  assertEquals(full.verdict, "incomparable", "64 MiB runs against 1 GiB runs measure something else");
  assertEquals(full.paramDifferences, [
    { field: "bytes", base: "1GiB", current: "64MiB" },
    { field: "duration", base: "1s", current: "0s" },
  ], "run counts (repetitions, warm-up) are not a difference in what is measured");
  assertEquals(
    full.reason,
    "parameters differ: bytes 1GiB → 64MiB, duration 1s → 0s; too few samples: 5 and 1; at least 4 per side are needed",
  );
});

Deno.test("compare: differing run counts alone keep a case comparable", () => {
  const base = load();
  const current = structuredClone(base);
  for (const c of current.cases) c.params = { ...c.params, repetitions: 9, warmup: 3 };
  const comparison = compareResults(base, "b", current, "c");
  assertEquals(comparison.cases.map((c) => c.paramDifferences.length), comparison.cases.map(() => 0));
  assertEquals(comparison.cases[0].verdict, "unchanged");
});

Deno.test("Holm–Bonferroni: the smallest p against alpha/m, the next against alpha/(m-1), stopping at the first miss", () => {
  const p = new Map([["a", 0.004], ["b", 0.03], ["c", 0.012], ["d", 0.2]]);
  // 0.004 < 0.05/4 = 0.0125; 0.012 < 0.05/3 = 0.0167; 0.03 > 0.05/2 = 0.025: stop.
  assertEquals([...holmSignificant(p, 0.05)].sort(), ["a", "c"]);
  assertEquals([...holmSignificant(new Map([["a", 0.02]]), 0.05)], ["a"]);
  const four = new Map(["a", "b", "c", "d"].map((id) => [id, 0.013]));
  assertEquals([...holmSignificant(four, 0.05)], [], "0.013 ≥ 0.05/4: none");
});

Deno.test("familyWise: a case significant alone at 5% is not among seven; a clear regression still is", () => {
  const results: Results = JSON.parse(Deno.readTextFileSync(new URL("../fixtures/results/blog.json", import.meta.url)));
  const withSamples = (r: Results, id: string, values: number[]): Results => ({
    ...r,
    cases: r.cases.map((c) =>
      c.id !== id
        ? c
        : { ...c, samples: values.map((v, i) => ({ ...c.samples[i % c.samples.length], gibPerSecond: v })) }
    ),
  });
  const id = results.cases[0].id;
  const ten = (from: number) => Array.from({ length: 10 }, (_, i) => from + i * 0.01);
  // Overlapping a little: p ≈ 0.01–0.03 alone, not below 0.05/7.
  const base = withSamples(results, id, ten(1.0));
  const near = withSamples(results, id, [...ten(0.93).slice(0, 7), 1.05, 1.06, 1.07]);
  const alone = compareResults(base, "b", near, "c", { threshold: 0.01 });
  const family = compareResults(base, "b", near, "c", { threshold: 0.01, familyWise: true });
  const verdictOf = (comparison: ReturnType<typeof compareResults>) => comparison.cases.find((c) => c.id === id)!;
  assert(
    verdictOf(alone).pValue < 0.05 && verdictOf(alone).pValue > 0.05 / results.cases.length,
    `p ${verdictOf(alone).pValue}`,
  );
  assertEquals(verdictOf(alone).verdict, "slower");
  assertEquals(verdictOf(family).verdict, "unchanged");
  const far = withSamples(results, id, ten(0.5));
  assertEquals(verdictOf(compareResults(base, "b", far, "c", { familyWise: true })).verdict, "slower");
});
