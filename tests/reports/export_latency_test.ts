/**
 * Latency cases in the `--export-*` files (issue 18, review round 2): the Markdown export has the
 * summary's latency table; the github-action-benchmark export leaves out percentiles the runs did
 * not resolve, writes its ranges in plain decimals, and writes no file that would hold no entry
 * (the action fails on an empty list), saying so on stderr.
 */
import { writeExports } from "../../cli/output.ts";
import type { Results } from "../../model/types.ts";
import { toBenchmarkAction, toBenchmarkActionLatency, toMarkdownTable } from "../../reports/exports.ts";
import { escapeMarkdown } from "../../reports/markdown-table.ts";
import { renderMarkdown } from "../../reports/run/mod.ts";
import { blogWithLatency, latencyRun } from "./compare/latency-fixture.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

/** The cells of a Markdown table row after its first (the case). */
function cellsAfterCase(line: string): string {
  return line.slice(line.indexOf(" | ") + 3);
}

/** blog.json with every case a latency case of `roundTrips` round trips a run. */
async function latencyOnly(roundTrips = 1000): Promise<Results> {
  const results: Results = JSON.parse(
    await Deno.readTextFile(new URL("../fixtures/results/blog.json", import.meta.url)),
  );
  return await blogWithLatency(
    Object.fromEntries(results.cases.map((c) => [c.id, { p50: 30, p99: 90, gib: 0.001, roundTrips }])),
  );
}

/** Runs `body` with console.error collected. */
async function stderrOf(body: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    await body();
  } finally {
    console.error = original;
  }
  return lines;
}

Deno.test("--export-markdown has the latency table of summary.md (rows named by id), after the throughput table", async () => {
  const results = await latencyRun({ p50: 25, p99: 80, gib: 0.01 }, { p50: 30, p99: 900, gib: 0.01, roundTrips: 50 });
  const exported = toMarkdownTable(results).split("\n");
  const summary = renderMarkdown(results).split("\n");
  const header = exported.findIndex((line) => line.startsWith("| case | p50 | p90 | p99 |"));
  assert(header > 0, `no latency table in the export:\n${exported.join("\n")}`);
  assertIncludes(exported.join("\n"), "lower is better");
  for (const c of results.cases.filter((c) => c.params.measure === "latency")) {
    const row = exported.find((line) => line.startsWith(`| ${escapeMarkdown(c.id)} | `));
    assert(row !== undefined && exported.indexOf(row) > header, `${c.id}: no latency row`);
    // The summary's row of the same case: the same cells after the case's name.
    const inSummary = summary.find((line) => line.startsWith(`| ${escapeMarkdown(c.name)} | `) && line.includes("µs"));
    assert(inSummary !== undefined, `${c.name} not in summary.md`);
    assertEquals(cellsAfterCase(row), cellsAfterCase(inSummary), c.id);
  }
  // p99 of 50 round trips per run is their maximum: "—", as in the summary.
  const pong = exported.find((line) => line.startsWith(`| ${escapeMarkdown("blog/vmsplice-splice")} | `))!;
  assertEquals(pong.split(" | ")[3], "—");
  // The throughput table (before it) has every throughput case and no latency case.
  const throughput = exported.slice(0, header).filter((line) => line.startsWith("| blog/"));
  assertEquals(throughput.length, results.cases.length - 2);
  assert(!throughput.some((line) => line.startsWith("| blog/write-read |")), throughput.join("\n"));
});

Deno.test("--export-markdown of a latency-only run: the latency table, no empty throughput table", async () => {
  const results = await latencyOnly();
  const exported = toMarkdownTable(results);
  assert(!exported.includes("GiB/s"), exported);
  const rows = exported.split("\n").filter((line) => line.startsWith("| blog/"));
  assertEquals(rows.length, results.cases.length);
  assert(exported.startsWith("| case | p50 |"), exported);
});

Deno.test("benchmark-action latency: unresolved percentiles left out (50 round trips: no p99), p50 kept", async () => {
  const results = await latencyRun({ p50: 25, p99: 80, gib: 0.01 }, { p50: 30, p99: 900, gib: 0.01, roundTrips: 50 });
  const entries: { name: string }[] = JSON.parse(toBenchmarkActionLatency(results)!);
  assertEquals(entries.map((e) => e.name), [
    "blog/write-read p50",
    "blog/write-read p99",
    "blog/vmsplice-splice p50",
  ]);
  // Too few for even a p50 (1 round trip a run): no entry at all, so no file.
  const single = await latencyOnly(1);
  assertEquals(toBenchmarkActionLatency(single), null);
});

Deno.test("benchmark-action latency: ranges in plain decimals, never an exponent (values of 10 ms and more)", async () => {
  const results = await latencyRun({ p50: 10_060, p99: 25_000, gib: 0.01 }, { p50: 0.5, p99: 3.25, gib: 0.01 });
  const entries: { name: string; range: string; value: number }[] = JSON.parse(toBenchmarkActionLatency(results)!);
  assertEquals(entries.length, 4);
  for (const entry of entries) {
    assert(/^\d+(\.\d+)?\.\.\d+(\.\d+)?$/.test(entry.range), `${entry.name}: ${entry.range}`);
    const [low, high] = entry.range.split("..").map(Number);
    assert(
      low <= entry.value * 1.001 && entry.value <= high * 1.001,
      `${entry.name}: ${entry.value} in ${entry.range}`,
    );
  }
});

Deno.test("benchmark-action of a latency-only run: no empty main file (the action fails on []), a note says so", async () => {
  const results = await latencyOnly();
  assertEquals(toBenchmarkAction(results), null);
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-export-latency-" });
  const notes = await stderrOf(() => writeExports(results, { exportBenchmarkAction: `${dir}/bench.json` }));
  assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["bench-latency.json"]);
  assertEquals(notes.length, 1, notes.join("\n"));
  assertIncludes(notes[0], `${dir}/bench.json not written`);
  assertIncludes(notes[0], `${dir}/bench-latency.json`);
  // Quiet: the same files, no note.
  const quietDir = await Deno.makeTempDir({ prefix: "pipespeed-export-latency-" });
  const quiet = await stderrOf(() =>
    writeExports(results, { exportBenchmarkAction: `${quietDir}/bench.json`, quiet: true })
  );
  assertEquals(quiet, []);
  assertEquals([...Deno.readDirSync(quietDir)].map((entry) => entry.name), ["bench-latency.json"]);
});

Deno.test("benchmark-action of a throughput-only run: its file, no latency file, no note", async () => {
  const results: Results = JSON.parse(
    await Deno.readTextFile(new URL("../fixtures/results/blog.json", import.meta.url)),
  );
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-export-latency-" });
  const notes = await stderrOf(() => writeExports(results, { exportBenchmarkAction: `${dir}/bench.json` }));
  assertEquals(notes, []);
  assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["bench.json"]);
  assertEquals(JSON.parse(Deno.readTextFileSync(`${dir}/bench.json`)).length, results.cases.length);
});

Deno.test("benchmark-action: a file this run does not write is not left from an earlier run (a CI step would publish it)", async () => {
  const throughputOnly: Results = JSON.parse(
    await Deno.readTextFile(new URL("../fixtures/results/blog.json", import.meta.url)),
  );
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-export-stale-" });
  // An earlier run left both files.
  Deno.writeTextFileSync(`${dir}/bench.json`, "[]\n");
  Deno.writeTextFileSync(`${dir}/bench-latency.json`, '[{"name":"old p50","unit":"µs","value":1}]\n');
  const notes = await stderrOf(() => writeExports(throughputOnly, { exportBenchmarkAction: `${dir}/bench.json` }));
  assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["bench.json"]);
  assertEquals(notes.length, 1, notes.join("\n"));
  assertIncludes(notes[0], "bench-latency.json from an earlier run was removed");
  // And the other way round: a latency-only run removes an older throughput file.
  Deno.writeTextFileSync(`${dir}/bench.json`, "[]\n");
  const latencyResults = await latencyOnly();
  const latencyNotes = await stderrOf(() =>
    writeExports(latencyResults, { exportBenchmarkAction: `${dir}/bench.json` })
  );
  assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["bench-latency.json"]);
  assertIncludes(latencyNotes[0], "from an earlier run was removed");
});
