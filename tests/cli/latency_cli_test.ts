/**
 * Latency cases through the real CLI (issue 18, review round): a scenario mixing round-trip,
 * one-way and throughput cases under `schedule: turns` runs whole; what the run writes treats
 * latency cases as latency. One small run (a few MiB, a few thousand messages) serves every test.
 */
import type { Results } from "../../model/types.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI_FLAGS = ["run", "--allow-ffi", "--allow-run", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"];

/** Round trips, one way, and two streams, all asking for turns; the first case is a latency case. */
const MIXED = [
  "name: latmix",
  "defaults: { schedule: turns, repetitions: 2, warmup: 0 }",
  "cases:",
  "  - { name: rt, writer: write, reader: read, measure: latency, roundTrips: 500 }",
  "  - { name: thr, writer: write, reader: read, bytes: 4MiB, duration: 0 }",
  "  - { name: ow, writer: write, reader: read, measure: latency, rate: 20000, messages: 1000 }",
  "  - { name: thr2, writer: vmsplice, reader: splice, bytes: 4MiB, duration: 0 }",
].join("\n");

interface MixedRun {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
  /** Where the exports went. */
  dir: string;
  results: Results;
}

let mixed: Promise<MixedRun> | null = null;

/** The one run of {@link MIXED} (started by the first test that needs it). */
function mixedRun(): Promise<MixedRun> {
  mixed ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "pipespeed-latcli-" });
    const file = `${dir}/mixed.yaml`;
    Deno.writeTextFileSync(file, MIXED);
    const out = `${dir}/out`;
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        ...CLI_FLAGS,
        `${ROOT}cli.ts`,
        "run",
        file,
        "--out",
        out,
        "--seed",
        "1",
        "--export-benchmark-action",
        `${dir}/bench.json`,
        "--export-csv",
        `${dir}/samples.csv`,
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const decoder = new TextDecoder();
    let results: Results = { cases: [] } as unknown as Results;
    try {
      results = JSON.parse(Deno.readTextFileSync(`${out}/results.json`));
    } catch {
      // no results: the tests report the exit and stderr
    }
    return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr), out, dir, results };
  })();
  return mixed;
}

Deno.test("latency under schedule: turns: round-trip and one-way cases run on their own, with a note, beside streams in turns", async () => {
  const run = await mixedRun();
  assertEquals(run.code, 0, run.stderr);
  for (const c of run.results.cases) {
    assertEquals(c.failures.length, 0, `${c.id}: ${JSON.stringify(c.failures)}`);
    assertEquals(c.samples.length, 2, c.id);
  }
  assertIncludes(run.stderr, "rt: a round-trip latency case cannot take turns; measured in independent runs");
  assertIncludes(run.stderr, "ow: a one-way latency case cannot take turns; measured in independent runs");
  // Progress lines give a latency run's p50 and p99, not the GiB/s of its round trips.
  assert(/latmix\/rt: p50 \S+ [µm]?s, p99 \S+ [µm]?s\n/.test(run.stderr), run.stderr);
  assert(/latmix\/ow: p50 \S+ [µm]?s, p99 \S+ [µm]?s one way\n/.test(run.stderr), run.stderr);
  const byName = new Map(run.results.cases.map((c) => [c.name, c]));
  assert(byName.get("rt")!.samples.every((s) => s.latency !== undefined), "round trips measured");
  assert(byName.get("ow")!.samples.every((s) => s.latency?.rate === 20000), "one way measured");
});

Deno.test("vs first: the reference is the scenario's first throughput case; latency cases get no ratio", async () => {
  const run = await mixedRun();
  assertEquals(run.code, 0, run.stderr);
  const byName = new Map(run.results.cases.map((c) => [c.name, c]));
  for (const name of ["rt", "ow", "thr"]) {
    const ratio = byName.get(name)!.stats?.ratioToFirst;
    assert(ratio === undefined, `${name}: ratioToFirst ${JSON.stringify(ratio)}`);
  }
  const ratio = byName.get("thr2")!.stats!.ratioToFirst!;
  const medians = ["thr2", "thr"].map((name) => byName.get(name)!.stats!.throughputGibPerSecond.median);
  // Paired per round, so not exactly the ratio of medians, but of its order (not 10^4× a round trip's GiB/s).
  assert(ratio.median > medians[0] / medians[1] / 3 && ratio.median < medians[0] / medians[1] * 3, `${ratio.median}`);
  const row = run.stdout.split("\n").find((line) => line.startsWith("thr "))!;
  assertIncludes(row, " 1.00× ");
});

Deno.test("exports: latency cases in their own customSmallerIsBetter file (p50, p99 µs) and in the CSV's latency columns", async () => {
  const run = await mixedRun();
  assertEquals(run.code, 0, run.stderr);
  const throughput: { name: string; unit: string }[] = JSON.parse(Deno.readTextFileSync(`${run.dir}/bench.json`));
  assertEquals(throughput.map((e) => [e.name, e.unit]), [["latmix/thr", "GiB/s"], ["latmix/thr2", "GiB/s"]]);
  const latency: { name: string; unit: string; value: number; range: string }[] = JSON.parse(
    Deno.readTextFileSync(`${run.dir}/bench-latency.json`),
  );
  assertEquals(latency.map((e) => e.name), ["latmix/rt p50", "latmix/rt p99", "latmix/ow p50", "latmix/ow p99"]);
  const rt = run.results.cases.find((c) => c.name === "rt")!.stats!.latencyMicroseconds!;
  assertEquals(latency[0].unit, "µs");
  assert(Math.abs(latency[0].value - rt.p50.median) <= 1e-4 * rt.p50.median, `${latency[0].value} vs ${rt.p50.median}`);
  assert(
    latency[1].value >= latency[0].value && /^[\d.e+-]+\.\.[\d.e+-]+$/.test(latency[1].range),
    JSON.stringify(latency[1]),
  );
  const [header, ...rows] = Deno.readTextFileSync(`${run.dir}/samples.csv`).trim().split("\n").map((l) => l.split(","));
  const column = (name: string) => header.indexOf(name);
  for (
    const name of [
      "latency.roundTrips",
      "latency.microseconds.p50",
      "latency.microseconds.p9999",
      "latency.microseconds.mean",
    ]
  ) {
    assert(column(name) >= 0, `no ${name} column: ${header}`);
  }
  for (const row of rows) {
    const p50 = row[column("latency.microseconds.p50")];
    if (row[1] === "rt" || row[1] === "ow") assert(Number(p50) > 0, `${row[1]}: p50 ${p50}`);
    else assertEquals(p50, "", `${row[1]}: a throughput row has no p50`);
  }
  assertEquals(rows.filter((row) => row[1] === "rt").map((row) => row[column("latency.roundTrips")]), ["500", "500"]);
});

Deno.test("report.html: latency cases out of the cost model (no explain); parameters a case does not use are —", async () => {
  const run = await mixedRun();
  assertEquals(run.code, 0, run.stderr);
  for (const c of run.results.cases) {
    assertEquals(c.explain === undefined, c.name === "rt" || c.name === "ow", `${c.name}: explain`);
  }
  const html = Deno.readTextFileSync(`${run.out}/report.html`);
  const cost = html.slice(html.indexOf("<h3>Cost model</h3>"));
  const costRows = cost.slice(0, cost.indexOf("</table>")).split("<tr>").slice(2);
  assertEquals(costRows.map((row) => row.match(/<td[^>]*>([^<]*)</)?.[1]), ["thr", "thr2"]);
  const parameters = html.slice(html.indexOf('<section id="parameters">'));
  const table = parameters.slice(0, parameters.indexOf("</table>"));
  const headings = [...table.matchAll(/<th(?: [^>]*)?>(?:<code>)?([^<]*)/g)].map((m) => m[1]);
  const rows = new Map(
    table.split("<tr>").slice(2).map((row) => {
      const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
      return [cells[0], new Map(headings.map((heading, i) => [heading, cells[i]]))];
    }),
  );
  for (
    const [name, field, shown] of [
      ["rt", "bytes", false],
      ["rt", "duration", false],
      ["rt", "bufferSize", false],
      ["rt", "roundTrips", true],
      ["rt", "rate", false],
      ["ow", "rate", true],
      ["ow", "roundTrips", false],
      ["ow", "messageSize", true],
      ["thr", "bytes", true],
      ["thr", "messageSize", false],
      ["thr", "roundTrips", false],
      ["thr", "messages", false],
    ] as const
  ) {
    const cell = rows.get(name)?.get(field);
    assert(cell !== undefined, `${name} ${field}: no cell (${headings})`);
    assertEquals(cell !== "—", shown, `${name} ${field}: ${cell}`);
  }
  assertEquals(rows.get("ow")!.get("messageSize"), "8B", "a one-way message's default: its stamp");
});
