/** The explanation of every step: steps from the numbers, the HTML section, the Markdown and terminal lines, the waterfall. */
import type { Calibration } from "../../../model/calibration-schema.ts";
import type { Results } from "../../../model/types.ts";
import { explainSection } from "../../../reports/run/explain/html.ts";
import { movedText, parameterChanges, scenarioSteps, stepLine } from "../../../reports/run/explain/steps.ts";
import { waterfallCharts } from "../../../reports/run/charts/waterfall.ts";
import { chartsFor, formatTable, renderMarkdown } from "../../../reports/run/mod.ts";
import { withDefaults } from "../../../model/params.ts";
import { explainCase } from "../../../stats/explain.ts";
import { assert, assertEquals, assertIncludes } from "../../helpers.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);
const EVIL = "<script>alert(1)</script>";

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

Deno.test("steps: the blog's cases each next to the previous one, with the ratio of medians and what changed", async () => {
  const results = await fixture("blog");
  const [blog] = scenarioSteps(results);
  assertEquals(blog.scenario, "blog");
  assertEquals(blog.steps.length, results.cases.length - 1);
  const first = blog.steps[0];
  const median = (i: number) => results.cases[i].stats!.throughputGibPerSecond.median;
  assertEquals(first.ratio, median(1) / median(0));
  assertEquals(first.from.name, results.cases[0].name);
  assert(first.changes.length > 0, "a step changes something");
  assertIncludes(stepLine(first), `${results.cases[0].name} → ${results.cases[1].name}`);
});

Deno.test("steps: a sweep is not a sequence", async () => {
  assertEquals(scenarioSteps(await fixture("buffer-sweep")).length, 0);
  assertEquals(waterfallCharts(await fixture("buffer-sweep")).length, 0);
});

Deno.test("steps: the costs that moved come from the numbers, the largest first", async () => {
  const results = await fixture("blog");
  const base = results.cases[0];
  const scale = (factor: number, side: "writer" | "reader") =>
    base.samples.map((s) => ({
      ...s,
      [side]: { ...s[side]!, usage: { ...s[side]!.usage, systemSeconds: s[side]!.usage.systemSeconds * factor } },
    }));
  const less = { ...base, name: "less", samples: scale(0.15, "writer") };
  const steps = scenarioSteps({ ...results, cases: [base, less] })[0].steps;
  assertEquals(steps[0].moved[0].label, "writer system time per GiB");
  assertEquals(movedText(steps[0].moved[0]), "writer system time per GiB −85%");
});

Deno.test("steps: parameter changes in words", () => {
  const a = withDefaults({ writer: "write", reader: "read" });
  const b = withDefaults({ writer: "vmsplice", reader: "read", hugePages: true, bytes: 1 });
  assertEquals(parameterChanges(a, b), ["writer write → vmsplice", "hugePages", "bufferOffset 16 → 0"]);
});

Deno.test("the Why section: steps, the cost model of every case, escaped names; no calibration said once", async () => {
  const results = await fixture("blog");
  results.cases[0] = { ...results.cases[0], name: EVIL };
  const html = explainSection(results);
  assertIncludes(html, `<section id="why">`);
  assertIncludes(html, "step by step");
  assertIncludes(html, "&lt;script&gt;");
  assert(!html.includes(EVIL), "names are escaped");
  assertIncludes(html, "No calibration in these results");
});

Deno.test("the Why section shows the calibration and each case's ceiling when the results have one", async () => {
  const results = await fixture("blog");
  const probe = (value: number) => ({ value, method: "a method <b>" });
  const calibration: Calibration = {
    version: 1,
    measuredAt: "2026-01-01T00:00:00Z",
    fromCache: false,
    bootId: "b",
    kernelRelease: "6.8.0",
    cpus: { writer: 0, reader: 1 },
    seconds: 1.2,
    copyGibPerSecond: [{ ...probe(20), bytes: 262144 }],
    copyDramGibPerSecond: { ...probe(8), bytes: 64 * 1024 ** 2 },
    syscallSeconds: probe(1e-7),
    pipeWriteReadSeconds: probe(1e-6),
    wakeupRoundTripSeconds: probe(2.4e-5),
    vmsplicePageSeconds: probe(5e-8),
    vmspliceHugePageSeconds: probe(2e-8),
    splicePageSeconds: probe(5e-8),
    spliceHugePageSeconds: probe(2e-8),
  };
  results.system = { ...results.system, calibration };
  const html = explainSection(results);
  assertIncludes(html, "24.0 µs");
  assertIncludes(html, "a method &lt;b&gt;");
  const ceiling = explainCase(results.cases[0], calibration).ceilingGibPerSecond!;
  assertIncludes(html, ceiling.toFixed(2));
  assertIncludes(renderMarkdown(results), "_calibration\\: copy 20.0 GiB/s at 256 KiB");
});

Deno.test("summary.md and the terminal have one line per step; the charts a waterfall", async () => {
  const results = await fixture("blog");
  const markdown = renderMarkdown(results);
  assertIncludes(markdown, "### blog: why, step by step");
  const stepCount = results.cases.length - 1;
  assertEquals(markdown.split("\n").filter((line) => line.startsWith("- ") && line.includes(" → ")).length, stepCount);
  const terminal = formatTable(results);
  assertIncludes(terminal, "blog: why, step by step");
  const figure = chartsFor(results).find((f) => f.name === "waterfall-blog");
  assert(figure !== undefined, "a waterfall");
  const bars = figure.data[0] as { y: number[]; base: number[] };
  const median = (i: number) => results.cases[i].stats!.throughputGibPerSecond.median;
  assertEquals(bars.base[0], 0);
  // Each floating bar spans the previous median to this one.
  assertEquals((bars.base[1] + bars.y[1]).toFixed(4), Math.max(median(0), median(1)).toFixed(4));
});
