import { caseFilter, filterCases } from "../../bench/filter.ts";
import { defaultOutDir, runId, utcStamp } from "../../bench/run-id.ts";
import { assert, assertEquals, problemWith } from "../helpers.ts";

Deno.test("one case filter: a regular expression on the id or the name, order kept", () => {
  const cases = [
    { id: "blog/write_read", name: "write_read" },
    { id: "blog/vmsplice_splice", name: "vmsplice_splice" },
    { id: "sweep/write_read_64k", name: "64 KiB" },
  ];
  assertEquals(filterCases(cases, caseFilter("^write")).map((c) => c.id), ["blog/write_read"]);
  assertEquals(filterCases(cases, caseFilter("^sweep/")).map((c) => c.name), ["64 KiB"]);
  assertEquals(filterCases(cases, caseFilter("KiB|splice")).length, 2);
  assert(problemWith(caseFilter, "(").startsWith("not a valid regular expression: "));
});

Deno.test("one run id: UTC time to the second, host, and the kind of run", () => {
  const started = new Date("2025-03-01T12:34:56.789Z");
  assertEquals(utcStamp(started), "20250301T123456Z");
  assertEquals(runId(started, "lab1"), "20250301T123456Z-lab1");
  assertEquals(runId(started, "lab1", "native"), "20250301T123456Z-lab1-native");
  assert(defaultOutDir("x").endsWith("/results/x"), defaultOutDir("x"));
});
