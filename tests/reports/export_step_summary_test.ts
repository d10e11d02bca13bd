/**
 * `step-summary.md`, what CI appends to `$GITHUB_STEP_SUMMARY`: the report's Markdown without the
 * relative chart images that cannot resolve on a run's page, and a note saying where the charts are.
 * The run report is written with real images (Chromium; skipped without it, except in CI).
 */
import { findChromium } from "../../reports/images.ts";
import { toStepSummary } from "../../reports/export/step-summary.ts";
import { writeReport } from "../../reports/run/mod.ts";
import { compareResults, mergeResults } from "../../stats/compare.ts";
import { writeCompareReport } from "../../reports/compare/mod.ts";
import { writeMergedReport } from "../../reports/merge/mod.ts";
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes, skipUnless } from "../helpers.ts";

const FIXTURES = new URL("../fixtures/results/", import.meta.url);
const fixture = (name: string): Results => JSON.parse(Deno.readTextFileSync(new URL(`${name}.json`, FIXTURES)));

/** Every Markdown image target in `markdown` that is relative (no scheme, not `/`). */
function relativeImages(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)]*)\)/g)].map((m) => m[1]).filter((t) => !/^([a-z]+:|\/)/i.test(t));
}

Deno.test("toStepSummary drops relative images, keeps absolute ones, and says where the charts are", () => {
  const markdown = [
    "## run",
    "",
    "| a | b |",
    "",
    "### Charts",
    "",
    "![Headline](charts/headline.svg)",
    "",
    "see ![inline](charts/x.svg) here, and ![remote](https://example.com/x.svg)",
    "",
  ].join("\n");
  const summary = toStepSummary(markdown, { htmlName: "report.html", images: true });
  assertEquals(relativeImages(summary), []);
  assertIncludes(summary, "see inline here, and ![remote](https://example.com/x.svg)");
  assert(!summary.includes("\n\n\n"), "no run of blank lines where an image line was");
  assertIncludes(summary, "Charts: `report.html` (interactive) and `charts/*.svg` in the report's folder.");
  const linked = toStepSummary(markdown, { htmlName: "compare.html", runUrl: "https://github.com/o/r/actions/runs/7" });
  assertIncludes(
    linked,
    "`compare.html` (interactive) in the artifact of [this workflow run](https://github.com/o/r/actions/runs/7).",
  );
});

Deno.test("a run report with images: summary.md shows them, step-summary.md has no relative image", async () => {
  if (skipUnless(findChromium() !== null, "no Chromium (scripts/install-chromium.sh)")) return;
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-step-summary-" });
  try {
    const report = await writeReport(fixture("blog"), directory, { images: true });
    assert(report.images.length > 0, `images exported: ${report.imagesSkipped}`);
    const summary = Deno.readTextFileSync(report.markdown);
    assert(relativeImages(summary).length > 0, "summary.md, for people browsing the folder, keeps its images");
    assertEquals(report.stepSummary, `${directory}/step-summary.md`);
    const step = Deno.readTextFileSync(report.stepSummary);
    assertEquals(relativeImages(step), []);
    assertIncludes(step, "Charts: `report.html` (interactive) and `charts/*.svg`");
    // Everything else of summary.md is there: the heading and the tables.
    assertIncludes(step, summary.split("\n")[0]);
    assertIncludes(step, "| case | GiB/s (median) |");
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("compare and merge write step-summary.md beside compare.md and summary.md", async () => {
  const base = fixture("blog");
  const directory = await Deno.makeTempDir({ prefix: "pipespeed-step-summary-" });
  try {
    const comparison = compareResults(base, "base.json", base, "current.json");
    const compared = await writeCompareReport(comparison, `${directory}/compare`, { images: false });
    assertEquals(compared.stepSummary, `${directory}/compare/step-summary.md`);
    assertIncludes(Deno.readTextFileSync(compared.stepSummary), "Charts: `compare.html` (interactive) in");
    const machines = mergeResults([{ results: base, file: "a.json" }, {
      results: structuredClone(base),
      file: "b.json",
    }]);
    // With images when there is a Chromium: the merged report's summary.md links charts/merged-*.svg.
    const merged = await writeMergedReport(machines, `${directory}/merge`, { images: findChromium() !== null });
    assertEquals(merged.stepSummary, `${directory}/merge/step-summary.md`);
    assertEquals(merged.images.length > 0, findChromium() !== null, `merged images: ${merged.imagesSkipped}`);
    assertEquals(relativeImages(Deno.readTextFileSync(merged.stepSummary)), []);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
