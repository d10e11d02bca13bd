import { compareResults, mergeResults } from "../../stats/compare.ts";
import type { Results } from "../../model/types.ts";
import type { KernelSemantics } from "../../model/semantics.ts";
import { caseSemantics, semanticDifferences } from "../../model/semantics.ts";
import { renderMergedMarkdown } from "../../reports/merge/markdown.ts";
import { machineRows } from "../../reports/side-by-side/machines.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const load = (): Results => JSON.parse(Deno.readTextFileSync(FIXTURE));

const SEMANTICS: KernelSemantics = {
  vmspliceZeroCopy: true,
  giftSupported: true,
  spliceFromFileZeroCopy: true,
  pipeDefaultSlots: 16,
  pipeMaxSize: 1048576,
  pipeUserPagesSoft: 16384,
  pipeUserPagesHard: 0,
  madvCollapse: true,
  shmemHugePages: "never",
  problems: [],
};

/** The fixture as measured on a kernel with `changes`, its vmsplice cases' samples halved (a copy is slower). */
function onKernel(changes: Partial<KernelSemantics>, vmspliceFactor = 1): Results {
  const results = load();
  results.system.kernelSemantics = { ...SEMANTICS, ...changes };
  for (const c of results.cases) {
    if (c.params.writer !== "vmsplice") continue;
    c.samples = c.samples.map((s) => ({ ...s, gibPerSecond: s.gibPerSecond * vmspliceFactor }));
  }
  return results;
}

Deno.test("compare: vmspliceZeroCopy differs → the vmsplice cases are not comparable, never slower", () => {
  const base = onKernel({});
  const current = onKernel({ vmspliceZeroCopy: false }, 0.5);
  const comparison = compareResults(base, "base.json", current, "current.json");
  for (const c of comparison.cases) {
    const vmsplice = base.cases.find((b) => b.id === c.id)!.params.writer === "vmsplice";
    assertEquals(c.verdict, vmsplice ? "incomparable" : "unchanged", c.id);
    if (vmsplice) assertEquals(c.reason, "kernel semantics differ: vmspliceZeroCopy yes → no");
  }
  assert(comparison.cases.some((c) => c.verdict === "incomparable"), "the fixture has vmsplice cases");
});

Deno.test("compare: the same slow-down on kernels with the same semantics is slower (the control)", () => {
  // A quarter: the fixture's vmsplice_read is bimodal (two of five samples at 35%), and halved samples
  // would overlap the base's low mode; a quarter of each lies below every base sample.
  const comparison = compareResults(onKernel({}), "b", onKernel({}, 0.25), "c");
  const verdicts = new Set(comparison.cases.filter((c) => c.name.startsWith("vmsplice")).map((c) => c.verdict));
  assertEquals([...verdicts], ["slower"]);
});

Deno.test("compare: giftSupported differs → only gift cases are not comparable; unknown differs from nothing", () => {
  const base = onKernel({});
  const current = onKernel({ giftSupported: false });
  const gifted = current.cases.find((c) => c.params.writer === "vmsplice")!;
  gifted.params.gift = true;
  base.cases.find((c) => c.id === gifted.id)!.params.gift = true;
  const comparison = compareResults(base, "b", current, "c");
  for (const c of comparison.cases) assertEquals(c.verdict, c.id === gifted.id ? "incomparable" : "unchanged", c.id);
  const older = structuredClone(base); // as written before the probe: no kernelSemantics
  delete older.system.kernelSemantics;
  assertEquals(compareResults(older, "b", current, "c").cases.every((c) => c.verdict !== "incomparable"), true);
  assertEquals(semanticDifferences(undefined, SEMANTICS, gifted.params), []);
  assertEquals(caseSemantics(gifted.params), ["vmspliceZeroCopy", "giftSupported"]);
  assertEquals(caseSemantics({ ...gifted.params, writer: "write", gift: true }), []);
  // sendfile into a pipe is splice from the file (splice_file_to_pipe): it depends on the same semantic.
  assertEquals(caseSemantics({ ...gifted.params, writer: "sendfile", gift: false }), ["spliceFromFileZeroCopy"]);
});

Deno.test("merge: kernels side by side; a vmsplice ratio across differing semantics says not comparable", () => {
  const merged = mergeResults([
    { results: onKernel({}), file: "a.json", label: "6.18" },
    { results: onKernel({ vmspliceZeroCopy: false, giftSupported: false }, 0.5), file: "b.json", label: "7.2" },
  ]);
  const vmsplice = merged.cases.find((c) => c.name.startsWith("vmsplice"))!;
  assertEquals(vmsplice.notComparable, [null, "kernel semantics differ: vmspliceZeroCopy yes → no"]);
  assertEquals(merged.cases.find((c) => c.name.startsWith("write"))!.notComparable, [null, null]);
  const markdown = renderMergedMarkdown(merged);
  assertIncludes(markdown, "| not comparable (kernel semantics differ\\: vmspliceZeroCopy yes → no) |");
  const rows = new Map(machineRows(merged.machines));
  assertEquals(rows.get("vmsplice"), ["zero copy (shares the user's pages)", "copies"]);
  assertEquals(rows.get("SPLICE_F_GIFT"), ["accepted", "refused (EOPNOTSUPP/EINVAL)"]);
  const withOlder = mergeResults([{ results: load(), file: "old.json" }, { results: onKernel({}), file: "new.json" }]);
  assertEquals(new Map(machineRows(withOlder.machines)).get("vmsplice"), [
    "not probed",
    "zero copy (shares the user's pages)",
  ]);
});
