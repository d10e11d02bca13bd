/**
 * `$schema` in results.json: it names this version's `model/results.schema.json` where the JSR
 * package publishes it, the file it names is in the package, and files without it (older runs,
 * fixtures) still read.
 */
import { readResultsFile, resultsText, writeResultsFile } from "../../bench/results.ts";
import { checkResults, RESULTS_SCHEMA_URL } from "../../model/results-schema.ts";
import type { Results } from "../../model/types.ts";
import { RESULTS_SCHEMA_PATH } from "../../scripts/gen-schema.ts";
import { assert, assertEquals, assertIncludes } from "../helpers.ts";

const ROOT = new URL("../../", import.meta.url);
const FIXTURE = new URL("tests/fixtures/results/blog.json", ROOT).pathname;
const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT)));

Deno.test("$schema is this version's results.schema.json on JSR, and the package publishes that file", () => {
  const prefix = `https://jsr.io/${config.name}/${config.version}/`;
  assert(RESULTS_SCHEMA_URL.startsWith(prefix), RESULTS_SCHEMA_URL);
  const file = RESULTS_SCHEMA_URL.slice(prefix.length);
  assertEquals(new URL(file, ROOT).pathname, RESULTS_SCHEMA_PATH.pathname);
  const excluded: string[] = config.publish?.exclude ?? [];
  assert(!excluded.some((pattern) => file.startsWith(pattern.replace(/^\.\//, ""))), `${file} is published`);
  const schema = JSON.parse(Deno.readTextFileSync(RESULTS_SCHEMA_PATH));
  assertEquals(schema.properties.$schema, { type: "string" });
});

Deno.test("results.json starts with $schema; files without one, or with an older one, still read", async () => {
  const old: Results = JSON.parse(Deno.readTextFileSync(FIXTURE));
  assert(!("$schema" in old), "the fixture is a file from before $schema");
  assert((await readResultsFile(FIXTURE)).runId === old.runId, "a file without $schema reads");
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-schema-" });
  try {
    const path = await writeResultsFile(dir, { ...old, $schema: "https://jsr.io/@pipespeed/pipespeed/0.0.1/x.json" });
    const text = Deno.readTextFileSync(path);
    assertEquals(text, resultsText(old));
    assert(text.startsWith(`{\n  "$schema": "${RESULTS_SCHEMA_URL}",\n  "schemaVersion": 1,`), text.slice(0, 200));
    const read = await readResultsFile(path);
    assertEquals(read.$schema, RESULTS_SCHEMA_URL);
    assertEquals(JSON.parse(text).cases, old.cases);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const wrong = checkResults({ ...old, $schema: 1 });
  assert(!wrong.ok && wrong.problems.some((p) => p.startsWith("$schema:")), JSON.stringify(wrong));
  assertIncludes(JSON.stringify(checkResults({ ...old, $schema: RESULTS_SCHEMA_URL })), '"ok":true');
});
