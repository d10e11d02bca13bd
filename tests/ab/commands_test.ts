/** `--base-writer`/`--base-reader`: parsing the command, putting it in the base cases, and comparing. */
import {
  baseCases,
  baseCommandProblem,
  comparableBase,
  describeBaseCommands,
  parseCommand,
} from "../../bench/ab/commands.ts";
import { paramDifferences } from "../../stats/judge.ts";
import type { Case, Results } from "../../model/types.ts";
import { assert, assertEquals } from "../helpers.ts";

function fixture(): Results {
  return JSON.parse(Deno.readTextFileSync(new URL("../fixtures/results/blog.json", import.meta.url)));
}

function withCommandWriter(results: Results, command: string[]): Results {
  results.cases[1].params = { ...results.cases[1].params, writer: { command } };
  return results;
}

Deno.test("parseCommand: words, or a JSON array; a clear reason otherwise", () => {
  assertEquals(parseCommand("cat  /dev/zero"), ["cat", "/dev/zero"]);
  assertEquals(parseCommand('["sh", "-c", "yes | head"]'), ["sh", "-c", "yes | head"]);
  assertEquals(parseCommand("   "), "expected a command");
  assertEquals(parseCommand("[1, 2]"), "expected a non-empty JSON array of strings");
  assertEquals(parseCommand("[oops"), "not a JSON array of strings");
});

Deno.test("baseCases replaces external commands only; baseCommandProblem needs a case to replace", () => {
  const cases: Case[] = withCommandWriter(fixture(), ["yes"]).cases;
  const base = baseCases(cases, { writer: ["cat", "/dev/zero"] });
  assertEquals(base[1].params.writer, { command: ["cat", "/dev/zero"] });
  assertEquals(base[0].params.writer, cases[0].params.writer);
  assert(base.every((c, i) => c !== cases[i]), "distinct objects, so the plan tells the sides apart");
  assertEquals(baseCommandProblem(cases, { writer: ["x"] }), null);
  assertEquals(
    baseCommandProblem(cases, { reader: ["x"] }),
    "--base-reader: no case has an external reader ({command: [...]}) to replace",
  );
  assertEquals(describeBaseCommands({ writer: ["cat", "/dev/zero"] }), "writer: cat /dev/zero");
});

Deno.test("comparableBase: the commands are what is compared, not a difference of parameters", () => {
  const head = withCommandWriter(fixture(), ["yes"]);
  const base = withCommandWriter(fixture(), ["cat", "/dev/zero"]);
  assertEquals(paramDifferences(base.cases[1].params, head.cases[1].params).map((d) => d.field), ["writer"]);
  const seen = comparableBase(base, head, { writer: ["cat", "/dev/zero"] });
  assertEquals(paramDifferences(seen.cases[1].params, head.cases[1].params), []);
  assertEquals(base.cases[1].params.writer, { command: ["cat", "/dev/zero"] }, "the base results keep their command");
  assertEquals(comparableBase(base, head, {}), base, "nothing replaced: nothing hidden");
});
