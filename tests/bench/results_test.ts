import { checkResults } from "../../model/results-schema.ts";
import { compareResults } from "../../stats/compare.ts";
import { readResultsFile, resultsFromJournal } from "../../bench/results.ts";
import type { Results } from "../../model/types.ts";
import { toBenchmarkAction, toCsv, toJsonLines, toMarkdownTable } from "../../reports/exports.ts";
import { formatTable } from "../../reports/run/mod.ts";
import { RESULTS_SCHEMA_PATH, resultsSchemaText } from "../../scripts/gen-schema.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const FIXTURE = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
const fixture = (): Results => JSON.parse(Deno.readTextFileSync(FIXTURE));

async function readError(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  Deno.writeTextFileSync(path, text);
  try {
    await readResultsFile(path);
    return "";
  } catch (error) {
    return (error as Error).message.replace(path, "FILE");
  }
}

Deno.test("model/results.schema.json is in sync with the zod schema (regenerate: scripts/gen-schema.ts)", () => {
  assertEquals(Deno.readTextFileSync(RESULTS_SCHEMA_PATH), resultsSchemaText());
});

Deno.test("a results file passes the schema; broken, truncated and foreign files get a clear error", async () => {
  assert(checkResults(fixture()).ok, "fixture is valid");
  const text = Deno.readTextFileSync(FIXTURE);
  assertIncludes(await readError(text.slice(0, text.length / 2)), "FILE: not valid JSON (truncated?)");
  assertIncludes(await readError('{"hello": "world"}'), "FILE: not a pipespeed results file (no schemaVersion)");
  assertIncludes(await readError('{"schemaVersion": 9}'), "FILE: results schemaVersion 9 is not supported");
  const broken = fixture();
  (broken.cases[2].samples[1] as unknown as Record<string, unknown>).gibPerSecond = "fast";
  delete (broken.system as unknown as Record<string, unknown>).kernelRelease;
  const message = await readError(JSON.stringify(broken));
  assertIncludes(message, "FILE: not a valid results file");
  assertIncludes(message, "cases[2].samples[1].gibPerSecond:");
  assertIncludes(message, "system.kernelRelease:");
});

Deno.test("results rebuild from a journal whose last line was torn by a crash", () => {
  const results = fixture();
  const plan = {
    type: "plan",
    runId: results.runId,
    startedAt: results.startedAt,
    seed: results.seed,
    options: results.options,
    system: results.system,
    scenarios: results.scenarios,
    cases: results.cases.map(({ id, name, scenario, params }) => ({ id, name, scenario, params })),
    runs: [],
  };
  const lines = [JSON.stringify(plan)];
  for (const sample of results.cases[0].samples) {
    lines.push(JSON.stringify({ type: "sample", caseId: results.cases[0].id, sample }));
  }
  lines.push('{"type":"sample","caseId":"blog/wr'); // the runner died mid-write
  const rebuilt = resultsFromJournal(lines.join("\n"));
  assert(rebuilt.interrupted, "no end line: interrupted");
  assertEquals(rebuilt.cases[0].samples.length, results.cases[0].samples.length);
  assertEquals(rebuilt.cases[1].samples.length, 0);
  assert(rebuilt.cases[0].stats !== null && rebuilt.cases[1].stats === null);
  assert(checkResults(rebuilt).ok, "a rebuilt file is a valid results file");
});

Deno.test("exports: CSV per sample, Markdown table, JSON lines per case, github-action-benchmark", () => {
  const results = fixture();
  const samples = results.cases.reduce((n, c) => n + c.samples.length, 0);
  const csv = toCsv(results).trim().split("\n");
  assertEquals(csv.length, samples + 1);
  assert(csv[0].startsWith("id,name,run,repetition,bytes,seconds,gibPerSecond"));
  const [table, note] = toMarkdownTable(results).trim().split("\n\n");
  assertEquals(table.split("\n").length, results.cases.length + 2, "header, alignment, one row per case");
  assert(note.includes("n ≤ 5"), `the run table's note on small samples: ${note}`);
  const jsonLines = toJsonLines(results).trim().split("\n").map((line) => JSON.parse(line));
  assertEquals(jsonLines.map((c) => c.id), results.cases.map((c) => c.id));
  const action = JSON.parse(toBenchmarkAction(results)!);
  assertEquals(action.length, results.cases.length);
  assertEquals(Object.keys(action[0]).sort(), ["extra", "name", "range", "unit", "value"]);
  assertEquals(action[0].unit, "GiB/s");
  assertEquals(action[0].value, Number(results.cases[0].stats!.throughputGibPerSecond.median.toFixed(4)));
});

Deno.test("CSV fields with commas and quotes are quoted", () => {
  const results = fixture();
  results.cases = [{ ...results.cases[0], name: 'a, "quoted" name' }];
  assertIncludes(toCsv(results), '"a, ""quoted"" name"');
});

Deno.test("the terminal table reports the harness time outside the measured transfers", () => {
  const results = fixture();
  const overheads = results.cases.flatMap((c) => c.samples.map((s) => s.wallSeconds - s.seconds)).sort((a, b) => a - b);
  const median = overheads[Math.floor(overheads.length / 2)];
  assertIncludes(formatTable(results), `median ${(median * 1000).toFixed(0)} ms per run`);
});

Deno.test("in turns the terminal reports the time outside the measured blocks per session, not per pair", () => {
  const results = fixture();
  // Sessions of turns: each repetition's samples share a start; every pair's wall time spans the session.
  for (const c of results.cases) {
    c.params.schedule = "turns";
    c.samples.forEach((s, i) => {
      s.startedAtSeconds = 10 * s.repetition;
      s.seconds = 0.5 + 0.01 * i;
      s.wallSeconds = 4 + 0.1 * s.repetition;
    });
  }
  const sessions = [...new Set(results.cases.flatMap((c) => c.samples.map((s) => s.repetition)))].map((r) => {
    const samples = results.cases.flatMap((c) => c.samples.filter((s) => s.repetition === r));
    return Math.max(...samples.map((s) => s.wallSeconds)) - samples.reduce((sum, s) => sum + s.seconds, 0);
  }).sort((a, b) => a - b);
  const median = sessions[Math.floor(sessions.length / 2)];
  const table = formatTable(results);
  assertIncludes(table, `time outside the measured blocks (start and warm-up of ${results.cases.length} pairs`);
  assertIncludes(table, `median ${(median * 1000).toFixed(0)} ms per session`);
  assertIncludes(table, `${sessions.length} sessions`);
  assert(!table.includes("per run"), "a pair's wall time holds the other pairs' blocks: no per-run line");
});

Deno.test("in turns, socket/tee sinks, latency and external cases are runs in the overhead line, not sessions", () => {
  const results = fixture();
  // The reviewer's turns.yaml: a plain case, a socket sink, a tee, a latency case, an external writer; 2 repetitions.
  const kinds: Partial<Results["cases"][number]["params"]>[] = [
    {},
    { reader: "splice", sink: "socket" },
    { reader: "splice", tee: true },
    { measure: "latency" },
    { writer: { command: ["cat", "/dev/zero"] } } as never,
  ];
  results.cases = results.cases.slice(0, kinds.length).map((c, i) => ({
    ...c,
    params: { ...c.params, schedule: "turns", ...kinds[i] },
    // The plain case's two sessions start at 0 and 10 s; every other run has its own start.
    samples: c.samples.slice(0, 2).map((s, repetition) => ({
      ...s,
      repetition,
      startedAtSeconds: i === 0 ? 10 * repetition : 10 * repetition + 1 + i,
      seconds: 0.5,
      wallSeconds: i === 0 ? 2 : 0.5 + 0.1 * i,
    })),
  }));
  const table = formatTable(results);
  assertIncludes(table, "time outside the measured blocks (start and warm-up of 1 pair");
  assertIncludes(table, "; 2 sessions");
  // The 8 runs on their own: 100, 200, 300, 400 ms outside, twice each; their median is the 5th, 300 ms.
  assertIncludes(table, "median 300 ms per run, at most 400 ms");
});

Deno.test("a results file written before vmspliceBuffers existed reads as halves, and compares with a newer one", async () => {
  const fixture = new URL("../fixtures/results/blog.json", import.meta.url).pathname;
  const current = JSON.parse(await Deno.readTextFile(fixture));
  // The same runs as a pipespeed before the field wrote them.
  const older = structuredClone(current);
  for (const c of older.cases) delete c.params.vmspliceBuffers;
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-results-" });
  try {
    await Deno.writeTextFile(`${dir}/old.json`, JSON.stringify(older));
    const results = await readResultsFile(`${dir}/old.json`);
    assertEquals(results.cases.map((c) => c.params.vmspliceBuffers), results.cases.map(() => "halves"));
    const newer = checkResults(current);
    assert(newer.ok, "the fixture is valid");
    const compared = compareResults(results, "old.json", newer.results, "new.json");
    assertEquals(compared.cases.flatMap((c) => c.paramDifferences), [], "nothing differs");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
