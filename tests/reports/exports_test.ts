/**
 * The `--export-*` files: `--export-json` is one JSON document, `--export-jsonl` its entries as JSON
 * Lines, and the CSV's columns are named as the JSON fields they hold. On a fixture, and through the
 * real CLI on a small real run.
 */
import type { Results } from "../../model/types.ts";
import { CSV_COLUMNS, toCsv, toJson, toJsonLines } from "../../reports/exports.ts";
import { assert, assertEquals } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURE = `${ROOT}tests/fixtures/results/blog.json`;
const fixture = (): Results => JSON.parse(Deno.readTextFileSync(FIXTURE));

/** A CSV's rows as cells (the fixture's names hold no quotes; quoting is tested in results_test). */
function csvRows(text: string): string[][] {
  return text.trim().split("\n").map((line) => line.split(","));
}

/** The value at a dotted path in a JSON value: `null` under a `null` (an external writer's report), `undefined` when absent. */
function at(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>(
    (inner, key) =>
      inner === null ? null : typeof inner === "object" ? (inner as Record<string, unknown>)[key] : undefined,
    value,
  );
}

/** Checks every CSV cell against the JSON value of the same name: the case's in the JSON export, else the sample's. */
function assertCsvMatchesJson(csv: string, json: { results: { id: string; name: string }[] }, results: Results) {
  const [header, ...rows] = csvRows(csv);
  const samples = results.cases.flatMap((c, index) =>
    c.samples.map((sample) => ({ entry: json.results[index], sample }))
  );
  assertEquals(rows.length, samples.length, "one row per sample");
  rows.forEach((row, r) => {
    header.forEach((column, k) => {
      const source = column === "id" || column === "name" ? samples[r].entry : samples[r].sample;
      const value = at(source, column);
      // A latency column names a field of latency runs only (`latency.rate` of one-way ones): empty elsewhere.
      if (value === undefined && column.startsWith("latency.")) {
        assertEquals(row[k], "", `row ${r} column ${column}`);
        return;
      }
      assert(value !== undefined, `CSV column ${column} is not a JSON field name`);
      assertEquals(row[k], value === null ? "" : String(value), `row ${r} column ${column}`);
    });
  });
}

Deno.test("--export-json is one JSON document whose results are the --export-jsonl lines", () => {
  const results = fixture();
  const document = JSON.parse(toJson(results));
  assertEquals(Object.keys(document), ["runId", "results"]);
  assertEquals(document.runId, results.runId);
  const lines = toJsonLines(results).trim().split("\n").map((line) => JSON.parse(line));
  assertEquals(document.results, lines);
  assertEquals(lines.map((c) => c.id), results.cases.map((c) => c.id));
  assertEquals(Object.keys(lines[0]), ["id", "name", "scenario", "params", "stats", "failures"]);
  assertEquals(lines[0].stats, results.cases[0].stats);
});

Deno.test("the CSV's column names are the JSON field names of the values they hold", () => {
  const results = fixture();
  assertEquals(csvRows(toCsv(results))[0], [...CSV_COLUMNS]);
  assert(CSV_COLUMNS.includes("gibPerSecond") && CSV_COLUMNS.includes("writer.usage.userSeconds"));
  assertCsvMatchesJson(toCsv(results), JSON.parse(toJson(results)), results);
});

Deno.test("run --export-json/--export-jsonl/--export-csv through the CLI: a document, lines, named columns", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-exports-" });
  Deno.writeTextFileSync(
    `${dir}/small.yaml`,
    [
      "name: small",
      "defaults: { reader: read, bytes: 8MiB, duration: 0, repetitions: 2, warmup: 0 }",
      "cases:",
      "  - { name: plain, writer: write }",
      "  - { name: other, writer: { command: [cat, /dev/zero] } }",
    ].join("\n"),
  );
  const out = `${dir}/out`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "-A",
      `${ROOT}cli.ts`,
      "run",
      `${dir}/small.yaml`,
      "--out",
      out,
      "--no-report",
      "--quiet",
      "--export-json",
      `${dir}/e.json`,
      "--export-jsonl",
      `${dir}/e.jsonl`,
      "--export-csv",
      `${dir}/e.csv`,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  const results: Results = JSON.parse(Deno.readTextFileSync(`${out}/results.json`));
  assertEquals(Object.keys(results)[0], "$schema", "results.json names its JSON Schema first");
  const document = JSON.parse(Deno.readTextFileSync(`${dir}/e.json`));
  assertEquals(document.results.map((c: { id: string }) => c.id), ["small/plain", "small/other"]);
  const lines = Deno.readTextFileSync(`${dir}/e.jsonl`).trim().split("\n").map((line) => JSON.parse(line));
  assertEquals(lines, document.results);
  const csv = Deno.readTextFileSync(`${dir}/e.csv`);
  assertCsvMatchesJson(csv, document, results);
  // The external writer has no report of its own: its columns are empty, not "null".
  const other = csvRows(csv).find((row) => row[0] === "small/other")!;
  assertEquals(other[CSV_COLUMNS.indexOf("writer.usage.userSeconds")], "");
});
