/**
 * Real-browser test of `compare.html` and the merged `report.html` (with a latency case, so its
 * percentile chart too): both opened from `file://` in headless Chromium, and the merge's charts
 * exported as images. Skipped with a printed reason when no Chromium is installed, except with
 * `CI=true`, where a missing Chromium fails it. Needs `--allow-all` (playwright-core probes /proc/sys).
 */
import { compareResults, mergeResults } from "../../stats/compare.ts";
import type { CaseResult, Results } from "../../model/types.ts";
import { writeCompareReport } from "../../reports/compare/mod.ts";
import { writeMergedReport } from "../../reports/merge/mod.ts";
import { assert, assertEquals } from "../helpers.ts";
import { browserTest, foreignRequests, launch, openReport } from "./browser_helpers.ts";

const FIXTURES = new URL("../fixtures/results/", import.meta.url);

const HOSTILE_NAME = `<img src=x onerror=alert(1)><script>alert(2)</script>`;

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

function scaled(result: CaseResult, factor: number): CaseResult {
  return { ...result, samples: result.samples.map((s) => ({ ...s, gibPerSecond: s.gibPerSecond * factor })) };
}

/** `c` as a latency case of 1000 round trips a run, p50 about 10 µs and p99 about 50 µs. */
function asLatency(c: CaseResult): CaseResult {
  const samples = c.samples.map((s, i) => {
    const spread = 1 + 0.01 * i;
    const microseconds = {
      p50: 10 * spread,
      p90: 15 * spread,
      p99: 50 * spread,
      p999: 100 * spread,
      p9999: 150 * spread,
      max: 200 * spread,
      mean: 11 * spread,
    };
    const histogram = { subBucketBits: 7, buckets: [], max: microseconds.max * 1000, sum: microseconds.mean * 1e6 };
    return { ...s, latency: { roundTrips: 1000, messageSize: 1, microseconds, histogram } };
  });
  return { ...c, params: { ...c.params, measure: "latency", messageSize: 1, roundTrips: 1000 }, samples };
}

browserTest(
  "browser: compare.html and the merged report.html from file:// render every chart, offline, without errors",
  async (chromiumPath) => {
    const base = await fixture("blog");
    base.cases = base.cases.map((c) => c.id === "blog/vmsplice-read" ? asLatency(c) : c);
    const current: Results = structuredClone(base);
    current.system = { ...current.system, hostname: "bench-02" };
    current.cases = current.cases.slice(1).map((c, i) => scaled(i === 3 ? { ...c, name: HOSTILE_NAME } : c, 0.8));
    const comparison = compareResults(base, "base.json", current, "current.json");
    const merged = mergeResults([{ results: base, file: "a.json" }, { results: current, file: "b.json" }]);
    const directory = await Deno.makeTempDir({ prefix: "pipespeed-compare-browser-" });
    const browser = await launch(chromiumPath);
    try {
      const written = await writeMergedReport(merged, `${directory}/merge`, {
        images: true,
        imageOptions: { chromiumPath },
      });
      for (const format of ["svg", "png"]) {
        const image = `${directory}/merge/charts/merged-latency-percentiles.${format}`;
        assert((await Deno.stat(image)).size > 0, `${image} exported`);
      }
      const pages = [
        (await writeCompareReport(comparison, `${directory}/compare`, { images: false })).html,
        written.html,
      ];
      for (const path of pages) {
        const { page, charts, pageErrors, consoleErrors, dialogs, requests } = await openReport(browser, path);
        // Each page: two throughput charts and one of the latency case.
        assertEquals(charts.length, 3, `${path}: three charts`);
        for (const chart of charts) assert(chart.svgs > 0, `${path}: ${chart.name} has a .main-svg`);
        assertEquals(
          await page.$$eval("main img, main script", (elements) => elements.length),
          0,
          "no injected element",
        );
        assertEquals(pageErrors, [], `${path}: page errors`);
        assertEquals(consoleErrors, [], `${path}: console errors`);
        assertEquals(dialogs, [], `${path}: dialogs`);
        assertEquals(foreignRequests(requests), [], `${path}: requests`);
        await page.close();
      }
    } finally {
      await browser.close();
      await Deno.remove(directory, { recursive: true });
    }
  },
);
