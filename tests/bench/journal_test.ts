import { JOURNAL_FILE, openJournal, parseJournal, readJournal, reopenJournal } from "../../bench/journal.ts";
import { resultsFromJournal } from "../../bench/results.ts";
import { assert, assertEquals, problemWith } from "../helpers.ts";

const plan = (runId: string) =>
  JSON.stringify({
    type: "plan",
    runId,
    startedAt: "2025-01-01T00:00:00.000Z",
    seed: 1,
    options: { quick: false, filter: null },
    system: {},
    scenarios: [],
    cases: [],
    runs: [],
  });
const end = JSON.stringify({
  type: "end",
  finishedAt: "2025-01-01T00:01:00.000Z",
  interrupted: false,
  loadAverageEnd: null,
});

Deno.test("a journal parses to its last plan and the entries after it", () => {
  const journal = parseJournal([plan("old"), end, plan("new"), end, ""].join("\n"));
  assertEquals(journal.plan.runId, "new");
  assertEquals(journal.entries.map((e) => e.type), ["end"]);
});

Deno.test("one tolerance rule: a torn last line is dropped, a bad line elsewhere is an error naming it", () => {
  const torn = `${plan("a")}\n${end}\n{"type":"sample","caseId":"blo`;
  const journal = parseJournal(torn);
  assertEquals(journal.entries.map((e) => e.type), ["end"]);
  assertEquals(journal.wholeLength, `${plan("a")}\n${end}\n`.length);
  assertEquals(parseJournal(`${plan("a")}\n${end}`).wholeLength, `${plan("a")}\n${end}`.length, "whole, newline lost");
  assertEquals(problemWith(parseJournal, `${plan("a")}\n{"type":"sam\n${end}\n`), "line 2 is not JSON");
  assertEquals(problemWith(parseJournal, `${plan("a")}\n\n[1, 2]\n${end}\n`), "line 3 is not a journal entry");
  assertEquals(
    problemWith(parseJournal, `${end}\n${plan("a")}\n`),
    "line 1: the journal does not start with a plan line: not a pipespeed journal",
  );
  assertEquals(problemWith(parseJournal, "\n"), "the journal is empty: not a pipespeed journal");
  assertEquals(problemWith(parseJournal, '{"type":"pl'), "the journal is empty: not a pipespeed journal");
  // Rebuilding results follows the same rule.
  assertEquals(problemWith(resultsFromJournal, `${plan("a")}\n{"type":"sam\n${end}\n`), "line 2 is not JSON");
});

Deno.test("reading a journal names its file; reopening one cuts a torn line and restores a lost newline", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pipespeed-journal-" });
  const path = `${dir}/${JOURNAL_FILE}`;
  Deno.writeTextFileSync(path, `${plan("a")}\nnot json\n${end}\n`);
  let message = "";
  try {
    await readJournal(dir);
  } catch (error) {
    message = (error as Error).message;
  }
  assertEquals(message, `${path}: line 2 is not JSON`);

  Deno.writeTextFileSync(path, `${plan("a")}\n${end}\n{"type":"sample","caseId":"blo`);
  await reopenJournal(dir);
  assertEquals(Deno.readTextFileSync(path), `${plan("a")}\n${end}\n`);
  Deno.writeTextFileSync(path, `${plan("a")}\n${end}`);
  await reopenJournal(dir);
  assertEquals(Deno.readTextFileSync(path), `${plan("a")}\n${end}\n`);

  const writer = openJournal(dir, true);
  writer.append(JSON.parse(end));
  writer.close();
  const reread = await readJournal(dir);
  assertEquals(reread.entries.length, 2, "appended on a line of its own");
  assert(reread.wholeLength === Deno.readTextFileSync(path).length);
});
