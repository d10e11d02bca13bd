import type { Results } from "../../../model/types.ts";
import {
  chartsFor,
  costChart,
  costPerGib,
  distributionChart,
  headlineChart,
  hugePagesChart,
  stealChart,
  sweepChart,
  sweepDimension,
  timelineChart,
} from "../../../reports/run/charts/mod.ts";
import type { Figure } from "../../../reports/page/figure.ts";
import { formatBytes } from "../../../reports/format/bytes.ts";
import { largeResults } from "../../fixtures/make-results.ts";
import { assert, assertEquals } from "../../helpers.ts";

const FIXTURES = new URL("../../fixtures/results/", import.meta.url);

function assertAlmostEquals(actual: number, expected: number, tolerance: number, message = ""): void {
  assert(Math.abs(actual - expected) <= tolerance, `${message} expected ${expected} ± ${tolerance}, got ${actual}`);
}

function assertExists<T>(value: T | null | undefined): asserts value is T {
  assert(value !== null && value !== undefined, "expected a value");
}

async function fixture(name: string): Promise<Results> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, FIXTURES)));
}

// deno-lint-ignore no-explicit-any
type Trace = Record<string, any>;

function traces(figure: Figure): Trace[] {
  return figure.data as Trace[];
}

function merged(a: Results, b: Results): Results {
  return { ...a, scenarios: [...a.scenarios, ...b.scenarios], cases: [...a.cases, ...b.cases] };
}

Deno.test("headline: one bar per case, in results order, with the median", async () => {
  const results = await fixture("blog");
  const figure = headlineChart(results);
  const [bars] = traces(figure);
  assertEquals(traces(figure).length, 1);
  assertEquals(bars.type, "bar");
  assertEquals(bars.x.length, 7);
  assertEquals(figure.layout.xaxis && (figure.layout.xaxis as Trace).ticktext, results.cases.map((c) => c.name));
  assertEquals((figure.layout.xaxis as Trace).tickvals, bars.x);
  results.cases.forEach((c, i) => assertAlmostEquals(bars.y[i], c.stats!.throughputGibPerSecond.median, 1e-3));
  assert(String(bars.texttemplate).includes("%{y"), "bars carry value labels");
});

Deno.test("headline: asymmetric error bars reach the CI bounds", async () => {
  const results = await fixture("blog");
  const [bars] = traces(headlineChart(results));
  assertEquals(bars.error_y.type, "data");
  assertEquals(bars.error_y.symmetric, false);
  results.cases.forEach((c, i) => {
    const s = c.stats!.throughputGibPerSecond;
    assertAlmostEquals(bars.y[i] + bars.error_y.array[i], s.ci95High, 1e-2);
    assertAlmostEquals(bars.y[i] - bars.error_y.arrayminus[i], s.ci95Low, 1e-2);
  });
});

Deno.test("headline: several scenarios get a trace each, separated by a gap and labelled", async () => {
  const results = merged(await fixture("blog"), await fixture("buffer-sweep"));
  const figure = headlineChart(results);
  const [blog, sweep] = traces(figure);
  assertEquals(traces(figure).length, 2);
  assertEquals(blog.x.length, 7);
  assertEquals(sweep.x.length, 24);
  assertEquals(sweep.x[0] - blog.x[6], 2, "one empty slot between scenarios");
  assert(blog.marker.color !== sweep.marker.color);
  const annotations = (figure.layout.annotations as Trace[]).map((a) => a.text);
  assertEquals(annotations, ["<b>blog</b>", "<b>buffer-sweep</b>"]);
});

Deno.test("headline: a case without samples keeps its slot, with no bar", async () => {
  const results = await fixture("blog");
  results.cases[2] = { ...results.cases[2], samples: [], stats: null };
  const [bars] = traces(headlineChart(results));
  assertEquals(bars.x.length, 7);
  assertEquals(bars.y[2], null);
  assertEquals(bars.error_y.array[2], null);
});

Deno.test("sweep: chosen only for a size swept over three values or more", async () => {
  const blog = await fixture("blog");
  const sweep = await fixture("buffer-sweep");
  assertEquals(sweepDimension(blog.cases), null);
  assertEquals(sweepDimension(sweep.cases), "bufferSize");
  assertEquals(sweepChart(blog, "blog"), null);
  assertEquals(chartsFor(blog).some((f) => f.name.startsWith("sweep")), false);
  const twoSizes = sweep.cases.filter((c) => c.params.bufferSize <= 8192);
  assertEquals(sweepDimension(twoSizes), null);
});

Deno.test("sweep: log2 x axis with binary tick labels, one line per mode, CI bands", async () => {
  const results = await fixture("buffer-sweep");
  const figure = sweepChart(results, "buffer-sweep")!;
  assertExists(figure);
  assertEquals(figure.name, "sweep-buffer-sweep");
  const xaxis = figure.layout.xaxis as Trace;
  assertEquals(xaxis.type, "log");
  const ticks = xaxis.tickvals as number[];
  assertEquals(ticks[0], 4096);
  assertEquals(ticks.at(-1), 8 * 1024 * 1024);
  for (let i = 1; i < ticks.length; i++) assertEquals(ticks[i] / ticks[i - 1], 2, "consecutive powers of two");
  assertEquals(xaxis.ticktext[0], "4KiB");
  assertEquals(xaxis.ticktext.at(-1), "8MiB");
  assertEquals(xaxis.ticktext, ticks.map(formatBytes));
  const lines = traces(figure).filter((t) => t.mode === "lines+markers");
  assertEquals(lines.map((t) => t.name), ["write→read", "vmsplice→splice huge"], "common flags (touch) dropped");
  for (const line of lines) {
    assertEquals(line.x.length, 12);
    assertEquals([...line.x].sort((a: number, b: number) => a - b), line.x, "sorted by size");
  }
  const bands = traces(figure).filter((t) => t.fill === "tonexty");
  assertEquals(bands.length, 2);
  const firstCase = results.cases[0];
  const [upper, lower] = traces(figure);
  assertAlmostEquals(upper.y[0], firstCase.stats!.throughputGibPerSecond.ci95High, 1e-3);
  assertAlmostEquals(lower.y[0], firstCase.stats!.throughputGibPerSecond.ci95Low, 1e-3);
});

Deno.test("sweep: a pipe-size sweep uses pipeSize for x", async () => {
  const results = await fixture("buffer-sweep");
  results.cases = results.cases.map((c, i) => ({
    ...c,
    params: { ...c.params, bufferSize: 65536, pipeSize: 2 ** (12 + (i % 12)) },
  }));
  assertEquals(sweepDimension(results.cases), "pipeSize");
  const figure = sweepChart(results, "buffer-sweep")!;
  assert(String((figure.layout.xaxis as Trace).title.text).startsWith("pipe size"));
});

Deno.test("distribution: every sample drawn, outliers marked", async () => {
  const results = await fixture("blog");
  const figure = distributionChart(results);
  const samples = traces(figure).find((t) => t.name === "sample")!;
  const outliers = traces(figure).find((t) => String(t.name).startsWith("outlier"))!;
  const sampleCount = results.cases.reduce((n, c) => n + c.samples.length, 0);
  assertEquals(samples.y.length, sampleCount);
  const flagged = results.cases.flatMap((c) => c.stats!.outliers.map((i) => c.samples[i].gibPerSecond));
  assert(flagged.length > 0, "the fixture has outliers");
  assertEquals(outliers.y.length, flagged.length);
  flagged.forEach((value, i) => assertAlmostEquals(outliers.y[i], value, 1e-3));
  assertEquals(outliers.marker.color, "#d62728");
  const boxes = traces(figure).filter((t) => t.type === "box");
  assertEquals(boxes.length, 1);
  assertEquals(boxes[0].y.length, sampleCount);
});

Deno.test("cost: CPU seconds and context switches per GiB, writer and reader", async () => {
  const results = await fixture("blog");
  const figure = costChart(results);
  assertEquals((figure.layout.yaxis as Trace).title.text, "CPU seconds per GiB");
  assert(String((figure.layout.yaxis2 as Trace).title.text).startsWith("context switches per GiB"));
  const names = traces(figure).map((t) => t.name);
  for (const side of ["writer", "reader"]) {
    for (const part of ["user", "system", "voluntary switches", "involuntary switches"]) {
      assert(names.includes(`${side} ${part}`), `${side} ${part}`);
    }
  }
  const c = results.cases[0];
  const bytes = c.samples.reduce((n, s) => n + s.bytes, 0);
  const user = c.samples.reduce((n, s) => n + s.reader.usage.userSeconds, 0) / (bytes / 1024 ** 3);
  const system = c.samples.reduce((n, s) => n + s.reader.usage.systemSeconds, 0) / (bytes / 1024 ** 3);
  const readerUser = traces(figure).find((t) => t.name === "reader user")!;
  const readerSystem = traces(figure).find((t) => t.name === "reader system")!;
  assertAlmostEquals(readerUser.y[0], user, 1e-4);
  assertAlmostEquals(readerSystem.y[0], system, 1e-4);
  assertAlmostEquals(readerSystem.base[0], user, 1e-4, "system stacked on user");
  assertEquals(readerSystem.offsetgroup, readerUser.offsetgroup);
});

Deno.test("cost: an external writer has no writer bars", async () => {
  const results = await fixture("blog");
  const external = results.cases[0];
  results.cases[0] = {
    ...external,
    params: { ...external.params, writer: { command: ["/usr/bin/yes"] } },
    samples: external.samples.map((s) => ({ ...s, writer: null })),
  };
  assertEquals(costPerGib(results.cases[0], "writer"), null);
  const figure = costChart(results);
  const writerUser = traces(figure).find((t) => t.name === "writer user")!;
  assertEquals(writerUser.y[0], null);
  assert(writerUser.y[1] > 0);
});

Deno.test("huge pages: only when a case asked, asked vs obtained per side", async () => {
  const blog = await fixture("blog");
  const figure = hugePagesChart(blog)!;
  assertExists(figure);
  const asking = blog.cases.filter((c) => c.params.hugePages);
  const [writerAsked, writerObtained, readerAsked] = traces(figure);
  assertEquals(writerAsked.name, "writer asked");
  assertEquals(writerObtained.name, "writer obtained");
  assertEquals(writerAsked.x.length, asking.length);
  assertEquals(writerAsked.y[0], asking[0].samples[0].writer!.hugePages.requestedBytes / 1024 ** 2);
  assertEquals(writerObtained.y[0], 0, "the fixture's write_read_huge got no huge page");
  const spliceIndex = asking.findIndex((c) => c.params.reader === "splice");
  assertEquals(readerAsked.y[spliceIndex], null, "splice has no buffer: no bar");
  const noHuge = await fixture("blog");
  noHuge.cases = noHuge.cases.filter((c) => !c.params.hugePages);
  assertEquals(hugePagesChart(noHuge), null);
  assertEquals(chartsFor(noHuge).some((f) => f.name === "huge-pages"), false);
});

Deno.test("chartsFor: relevant charts in order, unique file-safe names, JSON-serialisable", async () => {
  const blog = await fixture("blog");
  assertEquals(chartsFor(blog).map((f) => f.name), [
    "headline",
    "waterfall-blog",
    "distribution",
    "timeline",
    "steal",
    "cost",
    "huge-pages",
  ]);
  const both = merged(blog, await fixture("buffer-sweep"));
  const figures = chartsFor(both);
  assertEquals(figures.map((f) => f.name), [
    "headline",
    "waterfall-blog",
    "sweep-buffer-sweep",
    "distribution",
    "timeline",
    "steal",
    "cost",
    "huge-pages",
  ]);
  for (const figure of figures) {
    assert(/^[a-z0-9-]+$/.test(figure.name), figure.name);
    assertEquals(JSON.parse(JSON.stringify(figure)).name, figure.name);
    assertEquals((figure.layout.title as Trace).text, figure.title);
  }
  assertEquals(chartsFor({ ...blog, cases: [] }), []);
});

Deno.test("labels are escaped for Plotly's pseudo-HTML", async () => {
  const results = await fixture("blog");
  results.cases[0] = { ...results.cases[0], name: "<script>alert(1)</script>" };
  const figures = chartsFor(results);
  const text = JSON.stringify(figures);
  assert(!text.includes("<script>"), "no raw tag in figure data");
  assert(text.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
});

Deno.test("large results: 500 cases chart without labels crowding", () => {
  const results = largeResults(500);
  const figures = chartsFor(results);
  assertEquals(figures[0].name, "headline");
  const bars = traces(figures[0]);
  assertEquals(bars.reduce((n, t) => n + t.x.length, 0), 500);
  assertEquals((figures[0].layout.xaxis as Trace).ticktext.length, 0, "names in hover only");
  assert(figures.some((f) => f.name === "sweep-large-sweep"));
});

Deno.test("timelineChart: every sample at its start time, one trace per case, steal spikes circled", async () => {
  const blog = await fixture("blog");
  const figure = timelineChart(blog)!;
  const data = traces(figure);
  assertEquals(data.length, blog.cases.length + 1, "a trace per case and the spikes");
  blog.cases.forEach((c, i) => {
    assertEquals(data[i].x.length, c.samples.length);
    const sorted = [...c.samples].sort((a, b) => a.startedAtSeconds! - b.startedAtSeconds!);
    assertEquals(data[i].x, sorted.map((s) => s.startedAtSeconds));
    assertAlmostEquals(data[i].y[0], sorted[0].gibPerSecond, 1e-3);
  });
  const spikes = data.at(-1)!;
  assertEquals(spikes.x, [blog.cases[0].samples[3].startedAtSeconds], "write_read's run during the spike");
  assertEquals((figure.layout.yaxis as Trace).type, "log", "cases 3.5 to 62 GiB/s apart");
  const old = structuredClone(blog);
  for (const c of old.cases) for (const s of c.samples) delete s.startedAtSeconds;
  assertEquals(timelineChart(old), null, "older files: no chart");
});

Deno.test("stealChart: throughput over its case's median against steal, the threshold drawn", async () => {
  const blog = await fixture("blog");
  const figure = stealChart(blog)!;
  const first = traces(figure)[0];
  const median = blog.cases[0].stats!.throughputGibPerSecond.median;
  assertEquals(first.x[3], 15, "15% stolen");
  assertAlmostEquals(first.y[3], blog.cases[0].samples[3].gibPerSecond / median, 1e-3);
  assertEquals((figure.layout.shapes as Trace[])[0].x0, 5);
  const old = structuredClone(blog);
  for (const c of old.cases) for (const s of c.samples) delete s.noise;
  assertEquals(stealChart(old), null);
});
